# conf/local.mk - what make install puts in place besides the programs and
# the man pages: the sample configuration, the systemd unit, the
# certificate helper and the documentation (doc/INSTALL.md).
#
# The samples in conf/ name each other relative to the top of the source
# tree (the demo and the tests run from there); the installed copies in
# $(pkgsysconfdir) are the same files with those paths made absolute
# (conf_paths below).  An existing installed file is kept, not
# overwritten: it is the administrator's.  make uninstall removes them.
CONF_SAMPLES = conf/scscfd.conf conf/freediameter-scscf.conf \
	conf/freediameter-hss.conf conf/subscribers.xml
EXTRA_DIST += $(CONF_SAMPLES) conf/scscfd.service.in

# conf/X -> $(pkgsysconfdir)/X, doc/X.md -> $(docdir)/X.md, the certificate
# helper -> its installed path, the control socket -> /run/scscfd.sock
# (scscfctl's default).  tests/install_check.sh checks nothing relative is left.
conf_paths = sed -e 's|\([ "(]\)conf/|\1$(pkgsysconfdir)/|g' \
	-e 's|doc/\([A-Z-]*\.md\)|$(docdir)/\1|g' \
	-e 's|scripts/diameter-certs\.sh|$(pkgdatadir)/diameter-certs.sh|g' \
	-e 's|^\# Paths are relative to the working directory (run from the top of the$$|\# Installed by make install from the sample in the source tree, with|' \
	-e 's|^\# tree)\.  freeDiameter|\# absolute paths.  freeDiameter|' \
	-e 's|(\([^ ]*\)/tls/ is not in git)|(run it once)|' \
	-e 's|, relative to scscfd.s working directory:|, at the path scscfctl uses by default:|' \
	-e 's|scscfctl -s scscfd\.sock stats|scscfctl stats|' \
	-e 's|^socket = scscfd\.sock|socket = /run/scscfd.sock|'

install-data-local: install-conf-samples
install-conf-samples:
	$(MKDIR_P) '$(DESTDIR)$(pkgsysconfdir)'
	@for f in $(CONF_SAMPLES); do \
	  d='$(DESTDIR)$(pkgsysconfdir)'/`basename $$f`; \
	  if test -f "$$d"; then echo "keeping $$d (not overwritten)"; continue; fi; \
	  echo " installing $$d"; \
	  $(conf_paths) '$(srcdir)'/$$f >"$$d.tmp" && chmod 644 "$$d.tmp" && \
	    mv "$$d.tmp" "$$d" || exit 1; \
	done
uninstall-local: uninstall-conf-samples
uninstall-conf-samples:
	@for f in $(CONF_SAMPLES); do \
	  d='$(DESTDIR)$(pkgsysconfdir)'/`basename $$f`; \
	  echo " rm -f $$d"; rm -f "$$d"; \
	done
	-rmdir '$(DESTDIR)$(pkgsysconfdir)' 2>/dev/null
.PHONY: install-conf-samples uninstall-conf-samples

# The systemd unit, with the install paths filled in at make time.
if SYSTEMD_UNIT
systemdsystemunit_DATA = conf/scscfd.service
endif
CLEANFILES += conf/scscfd.service
conf/scscfd.service: $(srcdir)/conf/scscfd.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) conf && \
	$(edit_paths) $(srcdir)/conf/scscfd.service.in >$@.tmp && mv $@.tmp $@

# freeDiameter's certificate, for the installed configuration too.
dist_pkgdata_SCRIPTS = scripts/diameter-certs.sh

# The installed programs accept the installed configuration (make
# installcheck; distcheck runs it).
installcheck-local:
	'$(DESTDIR)$(sbindir)/scscfd' -c '$(DESTDIR)$(pkgsysconfdir)/scscfd.conf' -t
	'$(DESTDIR)$(bindir)/hss-sim' -t -u '$(DESTDIR)$(pkgsysconfdir)/subscribers.xml'
	'$(DESTDIR)$(bindir)/scscfctl' --help >/dev/null
