# diameter/local.mk - the Cx side: user profiles (IMS subscription XML),
# Milenage for the HSS simulator; later the freeDiameter Cx client.
# Each part keeps its own fragment.
include diameter/user_data.mk
include diameter/milenage.mk
include diameter/cx.mk
