# tests/sip/regevent.mk - the reg-event notifier's integration tests
# (issue 6): scscfd and hss-sim on loopback, Python watchers and sipp
# (tests/sip/scenarios/subscribe_reg.xml, distributed with the scenarios
# folder), the Microsoft flows, the operator's ones through scscfctl.
TESTS += tests/sip/regevent_test.sh
EXTRA_DIST += tests/sip/regevent_test.sh tests/sip/regevent_test.py tests/sip/watcher.py \
	tests/sip/imslab.py
