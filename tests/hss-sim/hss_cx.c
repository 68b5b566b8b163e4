/*
 * hss_cx.c - hss-sim's place in freeDiameter's dispatcher: MAR and SAR go
 * to their handlers; any other Cx request (UAR, LIR, a stray RTR/PPR) is
 * answered DIAMETER_COMMAND_UNSUPPORTED (3001) rather than left to the
 * routing code.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "scscf/base/log.h"

#include "hss_avp.h"
#include "hss_cx.h"
#include "hss_history.h"

static struct disp_hdl *h_mar, *h_sar, *h_other;

static int on_other(struct msg **msg, struct avp *avp, struct session *sess, void *opaque,
		    enum disp_action *act)
{
	struct msg_hdr *h;
	int rc;

	(void)avp, (void)sess, (void)opaque;
	*act = DISP_ACT_CONT;
	if (fd_msg_hdr(*msg, &h) != 0 || !(h->msg_flags & CMD_FLAG_REQUEST) ||
	    h->msg_code == CX_CMD_MAR || h->msg_code == CX_CMD_SAR)
		return 0;
	hss_history_add("CMD-%u - - unsupported result=3001", (unsigned)h->msg_code);
	log_info("Cx request with command code %u: not served, answering 3001",
		 (unsigned)h->msg_code);
	rc = fd_msg_new_answer_from_req(fd_g_config->cnf_dict, msg, MSGFL_ANSW_ERROR);
	if (rc == 0)
		rc = fd_msg_rescode_set(*msg, (char *)"DIAMETER_COMMAND_UNSUPPORTED", NULL, NULL,
					1);
	if (rc != 0)
		return rc;
	*act = DISP_ACT_SEND;
	return 0;
}

int hss_cx_register(void)
{
	struct disp_when when;
	int rc;

	memset(&when, 0, sizeof(when));
	when.app = hss_dict.app;
	when.command = hss_dict.mar;
	rc = fd_disp_register(hss_on_mar, DISP_HOW_CC, &when, NULL, &h_mar);
	if (rc == 0) {
		when.command = hss_dict.sar;
		rc = fd_disp_register(hss_on_sar, DISP_HOW_CC, &when, NULL, &h_sar);
	}
	if (rc == 0) {
		when.command = NULL;
		rc = fd_disp_register(on_other, DISP_HOW_APPID, &when, NULL, &h_other);
	}
	if (rc != 0)
		hss_cx_unregister();
	return rc;
}

void hss_cx_unregister(void)
{
	if (h_mar != NULL)
		fd_disp_unregister(&h_mar, NULL);
	if (h_sar != NULL)
		fd_disp_unregister(&h_sar, NULL);
	if (h_other != NULL)
		fd_disp_unregister(&h_other, NULL);
	h_mar = h_sar = h_other = NULL;
}
