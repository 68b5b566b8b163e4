/*
 * diam_boot.h - starting and stopping freeDiameter's core inside a process
 * (scscfd, hss-sim, the Cx tests and benchmark).
 *
 * diam_boot_start() initialises libfdcore, routes its log lines into slog,
 * reads the freeDiameter configuration file, adds the loopback listen
 * addresses that freeDiameter's endpoint filter would otherwise drop
 * (REFERENCE §8.5: it then listens on 0.0.0.0 instead), defines the Cx
 * dictionary, advertises the Cx application and starts the core threads.
 * It returns 0, or -1 after writing why into err.  The core can be started
 * once per process.
 */
#ifndef DIAMETER_DIAM_BOOT_H
#define DIAMETER_DIAM_BOOT_H

#include <stddef.h>

#include "diameter/cx/cx_dict.h"

typedef struct {
	const char *conf_file;      /* freeDiameter configuration */
	const char *const *listen;  /* numeric addresses to listen on, or NULL */
	size_t nlisten;
} diam_boot_opts_t;

int diam_boot_start(const diam_boot_opts_t *opts, cx_dict_t *dict, char *err, size_t errlen);

/* The Diameter identity and realm this process runs as (after start). */
const char *diam_boot_identity(void);
const char *diam_boot_realm(void);

/* Whether the peer with this Diameter identity is connected (STATE_OPEN). */
int diam_boot_peer_open(const char *identity);

/* Every peer freeDiameter knows (configured or connected), with its state
 * ("STATE_OPEN", "STATE_CLOSED", ...).  The peer list is read-locked
 * during the walk: fn must be quick and must not call freeDiameter. */
void diam_boot_each_peer(void (*fn)(void *arg, const char *identity, const char *state),
			 void *arg);

/* Stops the core and waits for its threads. */
void diam_boot_stop(void);

#endif
