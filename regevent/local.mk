# regevent/local.mk - the reg-event core: model, policy, renderers, parser.
noinst_LIBRARIES += regevent/libregevent.a
regevent_libregevent_a_CFLAGS = $(AM_CFLAGS) $(XML2_CFLAGS)
regevent_libregevent_a_SOURCES = \
	regevent/reg_model.c regevent/reg_model.h \
	regevent/notify_policy.c regevent/notify_policy.h \
	regevent/reginfo_render.c regevent/reginfo_render.h \
	regevent/reginfo_parse.c regevent/reginfo_parse.h \
	regevent/ms_regevent.c regevent/ms_regevent.h

REGEVENT_LIBS = regevent/libregevent.a $(BASE_LIBS)
