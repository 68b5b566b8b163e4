# doc/man/local.mk - the manual pages scscfd(8), scscfctl(8), hss-sim(8).
# Written in man(7) roff as NAME.8.in; make fills in the install paths
# (edit_paths in Makefile.am) and installs the result in $(man8dir).
# `make check-man` lints them with groff (and mandoc when installed).
MAN8_PAGES = doc/man/scscfd.8 doc/man/scscfctl.8 doc/man/hss-sim.8
man8_MANS = $(MAN8_PAGES)
EXTRA_DIST += $(MAN8_PAGES:=.in)
CLEANFILES += $(MAN8_PAGES)

doc/man/scscfd.8: $(srcdir)/doc/man/scscfd.8.in
doc/man/scscfctl.8: $(srcdir)/doc/man/scscfctl.8.in
doc/man/hss-sim.8: $(srcdir)/doc/man/hss-sim.8.in
$(MAN8_PAGES): Makefile
	$(AM_V_GEN)$(MKDIR_P) doc/man && \
	$(edit_paths) $(srcdir)/$@.in >$@.tmp && mv $@.tmp $@

# Any warning fails: groff -ww, and mandoc -T lint when it is there.
check-man: $(MAN8_PAGES)
	@fail=0; for m in $(MAN8_PAGES); do \
	  out=`groff -man -ww -z $$m 2>&1`; \
	  if command -v mandoc >/dev/null 2>&1; then \
	    out="$$out`mandoc -T lint -W warning $$m 2>&1`"; fi; \
	  if test -n "$$out"; then echo "FAIL: $$m"; echo "$$out"; fail=1; \
	  else echo "PASS: $$m"; fi; \
	done; exit $$fail
.PHONY: check-man
