/*
 * cx_rtr_ppr.c - the Cx client's requests from the HSS: an RTR or PPR
 * read on the loop (a malformed one refused with the reason cx_read
 * gives), kept until the handler answers it, answered and counted; with
 * no handler set, logged and answered DIAMETER_SUCCESS.
 */
#include "config.h"

#include <stdlib.h>

#include "diameter/cx/cx_client_internal.h"
#include "scscf/base/log.h"

static void incoming_unlink(struct cx_incoming *in)
{
	cx_client_t *c = in->client;

	if (in->prev != NULL)
		in->prev->next = in->next;
	else
		c->incoming = in->next;
	if (in->next != NULL)
		in->next->prev = in->prev;
}

static void send_answer(const cx_dict_t *d, struct msg **req, const cx_result_t *res,
			const char *const *assoc, size_t nassoc)
{
	if (cx_make_answer(d, req, res, assoc, nassoc) != 0 || fd_msg_send(req, NULL, NULL) != 0)
		log_error("cx: could not send an answer to an HSS request");
	if (*req != NULL) {
		fd_msg_free(*req);
		*req = NULL;
	}
}

static void answer_incoming(cx_incoming_t *in, const cx_result_t *res,
			    const char *const *assoc, size_t nassoc)
{
	char label[48];

	cx_tally_add(&in->client->tally, in->cmd, in->reason,
		     cx_result_label(res, label, sizeof(label)));
	incoming_unlink(in);
	send_answer(&in->client->dict, &in->msg, res, assoc, nassoc);
	free(in);
}

void cx_client_answer_rtr(cx_incoming_t *in, const cx_result_t *res, const char *const *assoc,
			  size_t nassoc)
{
	answer_incoming(in, res, assoc, nassoc);
}

void cx_client_answer_ppr(cx_incoming_t *in, const cx_result_t *res)
{
	answer_incoming(in, res, NULL, 0);
}

static void default_rtr(void *arg, cx_incoming_t *in, const cx_rtr_t *r)
{
	static const cx_result_t ok = {.code = CX_DIAMETER_SUCCESS};
	const char **assoc = malloc((r->nassoc + 1) * sizeof(char *));
	size_t i;

	(void)arg;
	log_info("cx: RTR %s for %s (%zu Public-Identity, %zu associated IMPI): no registrar, "
		 "nothing to remove",
		 cx_reason_name(r->reason_code), r->user_name, r->nimpus, r->nassoc);
	for (i = 0; assoc != NULL && i < r->nassoc; i++)
		assoc[i] = r->assoc[i];
	cx_client_answer_rtr(in, &ok, assoc, assoc != NULL ? r->nassoc : 0);
	free(assoc);
}

static void default_ppr(void *arg, cx_incoming_t *in, const cx_ppr_t *p)
{
	static const cx_result_t ok = {.code = CX_DIAMETER_SUCCESS};

	(void)arg;
	log_info("cx: PPR for %s (%s%s): no registrar, nothing to update", p->user_name,
		 p->user_data != NULL ? "User-Data" : "",
		 p->has_auth_item ? " SIP-Auth-Data-Item" : "");
	cx_client_answer_ppr(in, &ok);
}

void cxc_on_request(cx_client_t *c, struct msg *m)
{
	struct msg_hdr *h = NULL;
	struct cx_incoming *in;
	cx_result_t refuse;

	if (fd_msg_hdr(m, &h) != 0 || (h->msg_code != CX_CMD_RTR && h->msg_code != CX_CMD_PPR)) {
		fd_msg_free(m);
		return;
	}
	in = calloc(1, sizeof(*in));
	if (in == NULL) {
		static const cx_result_t busy = {.code = CX_DIAMETER_UNABLE_TO_COMPLY};

		send_answer(&c->dict, &m, &busy, NULL, 0);
		return;
	}
	in->client = c;
	in->msg = m;
	in->cmd = h->msg_code == CX_CMD_RTR ? CX_TALLY_RTR : CX_TALLY_PPR;
	in->reason = -1;
	in->next = c->incoming;
	if (c->incoming != NULL)
		c->incoming->prev = in;
	c->incoming = in;
	if (h->msg_code == CX_CMD_RTR) {
		cx_rtr_t r;

		if (!cx_read_rtr(&c->dict, m, &r, &refuse)) {
			log_warn("cx: refusing an RTR: %s", refuse.why);
			answer_incoming(in, &refuse, NULL, 0);
			return;
		}
		in->reason = r.reason_code;
		(c->on_rtr ? c->on_rtr : default_rtr)(c->rtr_arg, in, &r);
		cx_rtr_clear(&r);
	} else {
		cx_ppr_t p;

		if (!cx_read_ppr(&c->dict, m, &p, &refuse)) {
			log_warn("cx: refusing a PPR: %s", refuse.why);
			answer_incoming(in, &refuse, NULL, 0);
			return;
		}
		(c->on_ppr ? c->on_ppr : default_ppr)(c->ppr_arg, in, &p);
		cx_ppr_clear(&p);
	}
}

void cxc_drop_incoming(cx_client_t *c)
{
	while (c->incoming != NULL) {
		struct cx_incoming *in = c->incoming;

		incoming_unlink(in);
		log_warn("cx: an HSS request left unanswered at shutdown");
		fd_msg_free(in->msg);
		free(in);
	}
}
