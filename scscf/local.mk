# scscf/local.mk - the S-CSCF: one fragment per layer, lowest first.
# doc/ARCHITECTURE.md draws the layers; scripts/check-layers.sh enforces
# them.  Each fragment defines its library and a *_LIBS variable that lists
# it before everything it needs, so a program links with one variable.
include scscf/base/local.mk
include scscf/sip/local.mk
include scscf/store/local.mk
include scscf/registrar/local.mk
include scscf/notifier/local.mk
include scscf/ctl/local.mk
include scscf/ops/local.mk
include scscf/daemon/local.mk
