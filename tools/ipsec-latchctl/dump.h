/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: run a dump request and collect what each reply message
 * parses into, so that nothing is printed if the dump fails midway.
 */
#ifndef IPL_DUMP_H
#define IPL_DUMP_H

#include <stddef.h>
#include <stdint.h>

#include "nl.h"

struct ipl_dump {
	/* set by the caller */
	size_t elem;		/* size of one element */
	/* parse one message into elem; 0, or -1 with errno set */
	int (*parse)(const struct nlmsghdr *nlh, void *elem);
	const char *what;	/* "templates": "cannot list templates" */
	const char *bad;	/* "bad %s from the kernel"; NULL: what */
	/* the result; free(v) when done */
	void *v;
	size_t n;
	size_t cap;
};

/*
 * The ipl_nl_talk() callback that parses one message into the next
 * element of d (data), for a dump on a socket of the caller's.
 */
int ipl_dump_collect(const struct nlmsghdr *nlh, void *data);

/*
 * On a socket of its own, send the dump request cmd, with what put (if
 * not NULL) adds from arg, and collect the messages into d. Reports
 * failures on stderr; returns 0 or -1 (d->v may still need freeing).
 */
int ipl_dump_fetch(uint8_t cmd, ipl_nl_put_fn put, const void *arg,
		   struct ipl_dump *d);

#endif /* IPL_DUMP_H */
