/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: batch files ("-b FILE"), as "ip -batch" reads them: one
 * command a line, without the program name, LF or CRLF. '#' at the start
 * of a word, outside quotes, begins a comment; blank lines are skipped; a
 * line whose command part (the comment cut) ends in '\' goes on on the
 * next one; words may be quoted ("a b", 'a b') and '\' escapes the
 * character after it. A line may begin with global options (-n NETNS,
 * -j, -t) for itself alone. Pure but for stderr: no netlink, so that it
 * can be unit tested with a runner of the test's.
 */
#ifndef IPL_BATCH_H
#define IPL_BATCH_H

#include <stdio.h>

struct ipl_args;

/* Words on one line, at most. */
#define IPL_BATCH_MAX_ARGS	64

/*
 * Split line into its words, in place: argv[0..n) point into line.
 * Returns n (0 for a blank or comment line), or -1 with *err saying what
 * is wrong (an unterminated quote, too many words).
 */
int ipl_batch_split(char *line, char *argv[], int max, const char **err);

/* Runs the command of one line; returns an enum ipl_exit value. */
typedef int (*ipl_batch_run_fn)(const struct ipl_args *a, void *ctx);

/*
 * Run each command of in (called name in messages) through run, its line
 * parsed over the global options of outer. Every message a command gives
 * meanwhile says "NAME:LINE: " first. Stops after the first command that
 * fails (a usage error counts: exit status 2), unless outer->force: then
 * goes on to the end. Returns the exit status of the first command that
 * failed, 0 if none did, or 1 if in cannot be read. A command that a
 * signal ended (exit status IPL_EXIT_SIGNAL + the signal: monitor) stops
 * it even with force, and its status is the batch's.
 */
int ipl_batch(FILE *in, const char *name, const struct ipl_args *outer,
	      ipl_batch_run_fn run, void *ctx);

#endif /* IPL_BATCH_H */
