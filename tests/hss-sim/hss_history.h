/*
 * hss_history.h - the last Cx requests hss-sim received, one line each
 * ("MAR alice@open-ims.test sip:alice@open-ims.test Digest-AKAv1-MD5
 * items=1 resync=no result=2001"), for the control command `history`.
 * A ring of HSS_HISTORY_MAX lines behind its own mutex; safe from any
 * thread.
 */
#ifndef HSS_SIM_HSS_HISTORY_H
#define HSS_SIM_HSS_HISTORY_H

#include <stddef.h>

#define HSS_HISTORY_MAX 1024
#define HSS_HISTORY_LINE 512

/* Append one line (longer ones are cut; never a newline in it). */
void hss_history_add(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Call fn for each of the last n lines, oldest first; returns how many. */
size_t hss_history_each(size_t n, void (*fn)(void *arg, const char *line), void *arg);

void hss_history_clear(void);

/*
 * A value from the network made safe to print as one space-separated
 * field: white space and control bytes become '?', an empty or missing
 * value becomes "-", and it is cut to fit len.  Returns out.
 */
const char *hss_field(const char *in, char *out, size_t len);

#endif
