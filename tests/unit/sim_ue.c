/*
 * sim_ue.c - see sim_ue.h.
 */
#include "config.h"

#include "sim_ue.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "diameter/crypto/digest.h"

void sim_ue_init(sim_ue_t *u, sip_world_t *w, const char *user, const char *password)
{
	memset(u, 0, sizeof(*u));
	u->w = w;
	snprintf(u->user, sizeof(u->user), "%s", user);
	snprintf(u->impu_user, sizeof(u->impu_user), "%s", user);
	snprintf(u->password, sizeof(u->password), "%s", password);
	snprintf(u->callid, sizeof(u->callid), "reg-%s@127.0.0.1", user);
}

void sim_ue_set_impu(sim_ue_t *u, const char *user)
{
	snprintf(u->impu_user, sizeof(u->impu_user), "%s", user);
}

/* The Authorization value answering the challenge taken (next nc). */
static void authorization(sim_ue_t *u, char *buf, size_t len)
{
	char ha1[DIGEST_HEX_SIZE], resp[DIGEST_HEX_SIZE], nc[9], impi[128];
	struct digest_req dr = {"REGISTER", "sip:open-ims.test", u->nonce, "auth", nc, "0a4f113b"};

	snprintf(nc, sizeof(nc), "%08x", ++u->nc);
	snprintf(impi, sizeof(impi), "%s@open-ims.test", u->user);
	ck_assert_int_eq(digest_ha1(impi, u->realm, u->password, ha1), 0);
	ck_assert_int_eq(digest_response(ha1, &dr, resp), 0);
	snprintf(buf, len,
		 "Authorization: Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", "
		 "uri=\"sip:open-ims.test\", response=\"%s\", algorithm=MD5, qop=auth, nc=%s, "
		 "cnonce=\"0a4f113b\"\r\n",
		 impi, u->realm, u->nonce, resp, nc);
}

void sim_ue_send_register(sim_ue_t *u, const char *contact, int expires, bool auth)
{
	char msg[2048], exp[32] = "", cont[320] = "", authz[640] = "";

	if (contact != NULL)
		snprintf(cont, sizeof(cont), "Contact: %s\r\n", contact);
	if (expires >= 0)
		snprintf(exp, sizeof(exp), "Expires: %d\r\n", expires);
	if (auth)
		authorization(u, authz, sizeof(authz));
	else if (strcmp(u->impu_user, u->user) != 0) /* TS 24.229 §5.1.1.2: the IMPI named */
		snprintf(authz, sizeof(authz),
			 "Authorization: Digest username=\"%s@open-ims.test\", "
			 "realm=\"open-ims.test\", nonce=\"\", uri=\"sip:open-ims.test\", "
			 "response=\"\"\r\n",
			 u->user);
	u->cseq++;
	snprintf(msg, sizeof(msg),
		 "REGISTER sip:open-ims.test SIP/2.0\r\n"
		 "Via: SIP/2.0/UDP 127.0.0.1:5070;rport;branch=z9hG4bK-%s-%u\r\n"
		 "Max-Forwards: 70\r\n"
		 "From: <sip:%s@open-ims.test>;tag=ue-1\r\n"
		 "To: <sip:%s@open-ims.test>\r\n"
		 "Call-ID: %s\r\nCSeq: %u REGISTER\r\n%s%s%s%s"
		 "Content-Length: 0\r\n\r\n",
		 u->user, u->cseq, u->impu_user, u->impu_user, u->callid, u->cseq, cont, exp,
		 authz, u->extra);
	sw_clear(u->w);
	sw_receive(u->w, msg);
}

const char *sim_ue_response(const sim_ue_t *u)
{
	size_t i;

	for (i = 0; i < u->w->nout; i++)
		if (strncmp(u->w->out[i], "SIP/2.0 ", 8) == 0)
			return u->w->out[i];
	return NULL;
}

const char *sim_ue_register(sim_ue_t *u, const char *contact, int expires, bool auth)
{
	const char *r;

	sim_ue_send_register(u, contact, expires, auth);
	r = sim_ue_response(u);
	ck_assert_msg(r != NULL, "no response to the REGISTER");
	return r;
}

void sim_ue_take_challenge(sim_ue_t *u, const char *resp)
{
	char www[1024];

	sw_assert_status(resp, "SIP/2.0 401 Unauthorized");
	ck_assert_ptr_nonnull(sw_header(resp, "WWW-Authenticate", 0, www, sizeof(www)));
	ck_assert_ptr_nonnull(sw_param(www, "realm", u->realm, sizeof(u->realm)));
	ck_assert_ptr_nonnull(sw_param(www, "nonce", u->nonce, sizeof(u->nonce)));
	u->nc = 0;
}

const char *sim_ue_register_auth(sim_ue_t *u, const char *contact, int expires)
{
	sim_ue_take_challenge(u, sim_ue_register(u, contact, expires, false));
	return sim_ue_register(u, contact, expires, true);
}
