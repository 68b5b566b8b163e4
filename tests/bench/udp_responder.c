/*
 * udp_responder.c - the ceiling for the OPTIONS benchmark: a UDP server
 * that answers every datagram with "SIP/2.0 200 OK" and the request's Via,
 * From, To, Call-ID and CSeq lines copied by a plain line scan (no SIP
 * parsing, no transactions, no allocation).  What sipp reaches against it
 * is what this machine allows; scscfd's figure is compared with it.
 *
 * usage: udp_responder PORT
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

static int copy_line(const char *line, size_t len)
{
	static const char *const keep[] = {"Via:", "From:", "To:", "Call-ID:", "CSeq:"};
	size_t i;

	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		if (len >= strlen(keep[i]) && strncasecmp(line, keep[i], strlen(keep[i])) == 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	static char in[65536], out[65536 + 64];
	struct sockaddr_in addr;
	int fd;

	if (argc != 2)
		return 2;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)atoi(argv[1]));
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		perror("udp_responder");
		return 1;
	}
	for (;;) {
		struct sockaddr_storage peer;
		socklen_t plen = sizeof(peer);
		ssize_t n = recvfrom(fd, in, sizeof(in) - 1, 0, (struct sockaddr *)&peer, &plen);
		size_t o, i = 0;

		if (n <= 0)
			continue;
		o = (size_t)snprintf(out, sizeof(out), "SIP/2.0 200 OK\r\n");
		while (i < (size_t)n) {
			const char *eol = memchr(in + i, '\n', (size_t)n - i);
			size_t len = eol ? (size_t)(eol - (in + i)) + 1 : (size_t)n - i;

			if (len <= 2)
				break; /* end of the header section */
			if (copy_line(in + i, len) && o + len < sizeof(out) - 32) {
				memcpy(out + o, in + i, len);
				o += len;
			}
			i += len;
		}
		o += (size_t)snprintf(out + o, sizeof(out) - o, "Content-Length: 0\r\n\r\n");
		sendto(fd, out, o, 0, (struct sockaddr *)&peer, plen);
	}
}
