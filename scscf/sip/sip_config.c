/*
 * sip_config.c - the listen address form of sip_config.h: parsed from the
 * configuration, printed back for logs.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uv.h>

#include "scscf/sip/sip_config.h"

int scscf_listen_parse(const char *spec, scscf_listen_t *out)
{
	const char *rest, *colon;
	char *end;
	size_t hlen;
	long port;

	memset(out, 0, sizeof(*out));
	if (strncmp(spec, "udp:", 4) == 0)
		out->tp = SIP_TP_UDP;
	else if (strncmp(spec, "tcp:", 4) == 0)
		out->tp = SIP_TP_TCP;
	else
		return -1;
	rest = spec + 4;
	if (*rest == '[') {
		const char *close = strchr(rest, ']');

		if (close == NULL || close[1] != ':')
			return -1;
		hlen = (size_t)(close - rest - 1);
		rest++;
		colon = close + 1;
	} else {
		colon = strrchr(rest, ':');
		if (colon == NULL)
			return -1;
		hlen = (size_t)(colon - rest);
	}
	if (hlen == 0 || hlen >= sizeof(out->host))
		return -1;
	memcpy(out->host, rest, hlen);
	out->host[hlen] = '\0';
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (errno || *end || end == colon + 1 || port < 1 || port > 65535)
		return -1;
	out->port = (uint16_t)port;
	if (uv_ip4_addr(out->host, (int)port, (struct sockaddr_in *)&out->addr) != 0 &&
	    uv_ip6_addr(out->host, (int)port, (struct sockaddr_in6 *)&out->addr) != 0)
		return -1;
	return 0;
}

const char *scscf_listen_str(const scscf_listen_t *l, char *buf, size_t len)
{
	int v6 = strchr(l->host, ':') != NULL;

	snprintf(buf, len, "%s:%s%s%s:%u", l->tp == SIP_TP_UDP ? "udp" : "tcp", v6 ? "[" : "",
		 l->host, v6 ? "]" : "", l->port);
	return buf;
}
