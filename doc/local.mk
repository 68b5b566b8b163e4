# doc/local.mk - the documentation: installed in $(docdir) by make install
# (doc/INSTALL.md says what goes where), and in the tarball.
dist_doc_DATA = README.md doc/INSTALL.md doc/ARCHITECTURE.md doc/CONFIGURATION.md \
	doc/HSS-SIM.md doc/PERFORMANCE.md doc/SCSCFCTL.md doc/METRICS.md doc/ADMIN-GUIDE.md
