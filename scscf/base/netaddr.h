/*
 * netaddr.h - reading IPv4 and IPv6 socket addresses: whether two are the
 * same peer, their port, their address as text.  Any other family is
 * equal to nothing, has port 0 and prints as "?".  sa may point at a
 * sockaddr_in, a sockaddr_in6 or a sockaddr_storage holding either.
 */
#ifndef SCSCF_NETADDR_H
#define SCSCF_NETADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

/* Same family, address and port (an IPv6 scope or flow label aside). */
bool netaddr_equal(const struct sockaddr_storage *a, const struct sockaddr_storage *b);

/* The port in host byte order; 0 for a family other than IPv4/IPv6. */
unsigned netaddr_port(const struct sockaddr *sa);

/* The address as text ("192.0.2.1", "2001:db8::1") in buf, or "?" when it
 * is not IPv4/IPv6 or does not fit; returns buf.  len must be at least 2;
 * INET6_ADDRSTRLEN (<netinet/in.h>) always fits. */
const char *netaddr_host(const struct sockaddr *sa, char *buf, size_t len);

#endif
