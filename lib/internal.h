/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libipsec-latch internals: the calling thread's error message, and the
 * generic netlink exchange with the ipsec_latch family.
 */
#ifndef IPSEC_LATCH_LIB_INTERNAL_H
#define IPSEC_LATCH_LIB_INTERNAL_H

#include <stdint.h>

#include <libmnl/libmnl.h>

#define LIB_EXPORT __attribute__((visibility("default")))

/* Set errno to @err and the thread's message; returns -1. */
int lib_fail(int err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Adds a request's attributes; returns 0, or -1 if they do not fit. */
typedef int (*lib_put_fn)(struct nlmsghdr *nlh, size_t size, const void *arg);

/*
 * One request of @cmd with what @put adds, on a socket of its own (so any
 * thread may call it); @cb (may be NULL) gets each reply message. Returns
 * 0, or -1 with errno and the message set (the kernel's extack message
 * when it gave one).
 */
int lib_talk(uint8_t cmd, lib_put_fn put, const void *arg, mnl_cb_t cb,
	     void *data);

/* Fill @info from a reply's IPSEC_LATCH_A_LATCH nest (query.c). */
struct ipsec_latch_info;
int lib_info_parse(const struct nlattr *latch, struct ipsec_latch_info *info);

#endif /* IPSEC_LATCH_LIB_INTERNAL_H */
