/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: a command that changes something and prints nothing:
 * one request on a socket of its own, answered by an ACK.
 */
#ifndef IPL_REQUEST_H
#define IPL_REQUEST_H

#include <stdint.h>

#include "nl.h"

/*
 * Send the request cmd, with what put (if not NULL) adds from arg, and
 * wait for the ACK. Failures are reported on stderr: if the kernel says
 * ENOENT and enoent is not NULL, that message instead of the kernel's
 * error. Returns an enum ipl_exit value.
 */
int ipl_request_run(uint8_t cmd, ipl_nl_put_fn put, const void *arg,
		    const char *enoent);

#endif /* IPL_REQUEST_H */
