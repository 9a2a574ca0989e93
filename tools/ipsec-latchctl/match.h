/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: words the user may abbreviate, as iproute2's matches()
 * allows: "temp l" is "template list". Pure, so that it can be unit
 * tested.
 */
#ifndef IPL_MATCH_H
#define IPL_MATCH_H

#include <stddef.h>

/* A name the user may give, and what it stands for. */
struct ipl_choice {
	const char *name;
	const void *what;	/* aliases ("ls", "list") share one */
};

#define IPL_MATCH_NONE		(-1)
#define IPL_MATCH_AMBIGUOUS	(-2)

/*
 * The choice word names: the one named exactly, else the one whose
 * names alone start with word. Returns its index in c (n choices), or
 * IPL_MATCH_NONE, or IPL_MATCH_AMBIGUOUS with the names word starts of
 * each candidate, ", " apart, in cands (len bytes).
 */
int ipl_match(const char *word, const struct ipl_choice *c, size_t n,
	      char *cands, size_t len);

#endif /* IPL_MATCH_H */
