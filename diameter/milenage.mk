# diameter/milenage.mk - Milenage (3GPP TS 35.206)
