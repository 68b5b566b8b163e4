/*
 * hss_cx.h - the Cx requests hss-sim serves: the MAR and SAR handlers
 * (hss_mar.c, hss_sar.c) and their registration with freeDiameter's
 * dispatcher (hss_cx.c), which also answers every other Cx request with
 * DIAMETER_COMMAND_UNSUPPORTED so that no request goes unanswered.
 */
#ifndef HSS_SIM_HSS_CX_H
#define HSS_SIM_HSS_CX_H

#include <freeDiameter/freeDiameter-host.h>
#include <freeDiameter/libfdcore.h>

/* Dispatch callbacks (DISP_HOW_CC) for MAR and SAR requests. */
int hss_on_mar(struct msg **msg, struct avp *avp, struct session *sess, void *opaque,
	       enum disp_action *act);
int hss_on_sar(struct msg **msg, struct avp *avp, struct session *sess, void *opaque,
	       enum disp_action *act);

/* Register the handlers (after diam_boot_start filled hss_dict).  0 or an
 * errno value. */
int hss_cx_register(void);
void hss_cx_unregister(void);

/* The name of a Server-Assignment-Type value ("REGISTRATION"), or NULL. */
const char *hss_sat_name(int sat);

#endif
