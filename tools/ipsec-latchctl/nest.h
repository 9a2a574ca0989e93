/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: parse a nest of optional attributes (a template, a
 * latch, ...) into its struct as a table says, and the messages that carry
 * such a nest. Each parser states only where its attributes go.
 */
#ifndef IPL_NEST_H
#define IPL_NEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nlattr;
struct nlmsghdr;
struct ipl_addr;

enum ipl_field_kind {
	IPL_FIELD_NONE,		/* ignored: UNSPEC, PAD */
	IPL_FIELD_UINT,		/* uint64_t, from any integer width */
	IPL_FIELD_ADDR,		/* struct ipl_addr, 4 or 16 bytes */
	IPL_FIELD_STR,		/* char[size], NUL optional, cut to fit */
	IPL_FIELD_NEST,		/* a struct of its own, as ->nest says */
	IPL_FIELD_FLAG,		/* no member: its present bit is the value */
};

/* Where the attribute of one type goes. */
struct ipl_field {
	enum ipl_field_kind kind;
	size_t off;			/* of the member */
	size_t size;			/* IPL_FIELD_STR: of the buffer */
	const struct ipl_nest *nest;	/* IPL_FIELD_NEST */
};

/*
 * A struct a nest parses into. It is zeroed first; its uint32_t bitmap
 * gets bit (1 << type) for each attribute read (present.h). Attributes
 * of a type past the table, or of a size this tool cannot read, are
 * ignored: they come from a newer module.
 */
struct ipl_nest {
	size_t size;			/* of the struct */
	size_t present;			/* offset of the bitmap */
	const struct ipl_field *fields;	/* indexed by attribute type */
	unsigned int n_fields;
};

/* offsetof(s, m), or a build error unless member m has type t */
#define IPL_FIELD_OFF(s, m, t)						\
	(offsetof(s, m) +						\
	 sizeof(struct { int:(-!__builtin_types_compatible_p(		\
		__typeof__(((s *)0)->m), t)); }))

/* Table entries for member m of struct s. */
#define IPL_UINT(s, m)	{ IPL_FIELD_UINT, IPL_FIELD_OFF(s, m, uint64_t) }
#define IPL_ADDR(s, m) \
	{ IPL_FIELD_ADDR, IPL_FIELD_OFF(s, m, struct ipl_addr) }
#define IPL_STR(s, m) \
	{ IPL_FIELD_STR, offsetof(s, m), sizeof(((s *)0)->m) }
#define IPL_NEST(s, m, nest)	{ IPL_FIELD_NEST, offsetof(s, m), 0, nest }
/* A flag (NLA_FLAG): set if the attribute is there, whatever its payload. */
#define IPL_FLAG		{ IPL_FIELD_FLAG }

/* The description of struct s, whose bitmap is ->present. */
#define IPL_NEST_OF(s, table) {						\
	sizeof(s), IPL_FIELD_OFF(s, present, uint32_t), table,		\
	sizeof(table) / sizeof((table)[0])				\
}

/*
 * Parse nest into obj as d says. Returns 0, or -1 with errno EBADMSG if
 * it (or a nest in it) is malformed.
 */
int ipl_nest_parse(const struct nlattr *nest, const struct ipl_nest *d,
		   void *obj);

/*
 * A genetlink message that must carry a nest of type @type: the last one
 * parsed into obj, other attributes ignored. Returns 0, or -1 with errno
 * EBADMSG if it has none or one is malformed.
 */
int ipl_nest_msg_parse(const struct nlmsghdr *nlh, uint16_t type,
		       const struct ipl_nest *d, void *obj);

/*
 * A notification: IPSEC_LATCH_A_EVENT into *event and the nest of type
 * @type into obj, each setting its *has_* if there; other attributes
 * ignored. The caller zeroes the event. Returns 0, or -1 with errno
 * EBADMSG.
 */
int ipl_nest_event_parse(const struct nlmsghdr *nlh, bool *has_event,
			 uint64_t *event, uint16_t type,
			 const struct ipl_nest *d, void *obj, bool *has_obj);

#endif /* IPL_NEST_H */
