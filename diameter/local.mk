# diameter/local.mk - the Cx side, one fragment per folder, lowest first:
# the crypto (on the base library only), the User-Data model, Cx on
# freeDiameter.
include diameter/crypto/local.mk
include diameter/userdata/local.mk
include diameter/cx/local.mk
