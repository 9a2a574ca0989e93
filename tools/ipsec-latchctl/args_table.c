// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: the command table: commands, their verbs (aliases are
 * entries of their own), usage lines and help texts.
 */
#include "args_internal.h"
#include "names.h"

/* "show", "list" and "ls" are one verb wherever one of them is. */
#define SHOW_VERBS(action, parse)		\
	{ "show",	action,	parse },	\
	{ "list",	action,	parse },	\
	{ "ls",		action,	parse }

static const struct ipl_verb status_verbs[] = {
	SHOW_VERBS(IPL_ACT_STATUS_SHOW, NULL),
	{ "reset",	IPL_ACT_STATUS_RESET,	NULL },
	{ }
};

static const struct ipl_usage status_usage[] = {
	{ "status [ show ]",	"show module version, parameters, counters" },
	{ "status reset",	"zero this network namespace's counters" },
	{ }
};

static const struct ipl_verb resolve_verbs[] = {
	SHOW_VERBS(IPL_ACT_RESOLVE_LIST, NULL),
	{ "stats",	IPL_ACT_RESOLVE_STATS,	NULL },
	{ "set",	IPL_ACT_RESOLVE_SET,	ipl_parse_resolve_set },
	{ }
};

static const struct ipl_usage resolve_usage[] = {
	{ "resolve [ list ]",	"list this network namespace's resolutions" },
	{ "resolve stats",	"show this netns's mode and resolution counters" },
	{ "resolve set mode MODE", "set this netns's mode: " IPL_MODE_CHOICES },
	{ }
};

static const struct ipl_verb template_verbs[] = {
	SHOW_VERBS(IPL_ACT_TEMPLATE_LIST, NULL),
	{ "add",	IPL_ACT_TEMPLATE_ADD,	ipl_parse_template_add },
	{ "replace",	IPL_ACT_TEMPLATE_REPLACE, ipl_parse_template_replace },
	{ "del",	IPL_ACT_TEMPLATE_DEL,	ipl_parse_template_del },
	{ "delete",	IPL_ACT_TEMPLATE_DEL,	ipl_parse_template_del },
	{ "flush",	IPL_ACT_TEMPLATE_FLUSH,	NULL },
	{ "check",	IPL_ACT_TEMPLATE_CHECK,	NULL },
	{ }
};

static const struct ipl_usage template_usage[] = {
	{ "template [ list ]",	"list this netns's latch templates" },
	{ "template add listener proto PROTO [ local ADDR ] lport PORT "
	  "[ action ACTION ] [ fallback MS ]",
	  "latch the flows of a local port" },
	{ "template add connector proto PROTO [ local ADDR ] [ lport PORT ] "
	  "remote ADDR rport PORT [ action ACTION ] [ fallback MS ]",
	  "latch the flows to one remote port" },
	{ "template replace KIND ...",
	  "add, or replace the template with that selector" },
	{ "template del { ID | KIND ... }", "delete a template" },
	{ "template flush",	"delete every template of this netns" },
	{ "template check",
	  "check bypass-or-protect templates against the SPD" },
	{ }
};

static const struct ipl_verb latch_verbs[] = {
	SHOW_VERBS(IPL_ACT_LATCH_LIST, ipl_parse_latch_list),
	{ "transparent", IPL_ACT_LATCH_TRANSPARENT,
	  ipl_parse_latch_transparent },
	{ "requests",	IPL_ACT_LATCH_REQUESTS,	ipl_parse_latch_requests },
	{ "stats",	IPL_ACT_LATCH_STATS,	NULL },
	{ }
};

static const struct ipl_usage latch_usage[] = {
	{ "latch [ list ] [ SELECTOR ]...", "list this netns's latches" },
	{ "latch transparent { " IPL_TRANSPARENT_CHOICES_SYNOPSIS " } "
	  "[ fallback MS ]",
	  "set how flows that no template names are latched" },
	{ "latch requests { on | off }",
	  "let applications ask for PROTECT latches" },
	{ "latch stats",	"show the latch count and latching counters" },
	{ }
};

static const struct ipl_usage who_usage[] = {
	{ "who PROTO LOCAL:PORT REMOTE:PORT",
	  "who is at the other end of this flow" },
	{ "who PID/FD",		"who is at the other end of a process's socket" },
	{ }
};

static const struct ipl_verb identity_verbs[] = {
	SHOW_VERBS(IPL_ACT_IDENTITY_LIST, NULL),
	{ "set",	IPL_ACT_IDENTITY_SET,	ipl_parse_identity_set },
	{ "del",	IPL_ACT_IDENTITY_DEL,	ipl_parse_identity_del },
	{ "delete",	IPL_ACT_IDENTITY_DEL,	ipl_parse_identity_del },
	{ }
};

static const struct ipl_usage identity_usage[] = {
	{ "identity [ list ]",	"list the peers' IKE identities in this netns" },
	{ "identity set peer ADDR reqid N id ID",
	  "name the IKE identity behind a peer's SAs" },
	{ "identity del peer ADDR reqid N [ id ID ]",
	  "forget it (with id: only that one)" },
	{ }
};

static const struct ipl_usage monitor_usage[] = {
	{ "monitor [ -t ] [ resolve | latch ]... [ event NAME ]...",
	  "print resolution and latch events as they happen" },
	{ }
};

static const struct ipl_usage version_usage[] = {
	{ "version",		"show tool and module versions" },
	{ }
};

static const struct ipl_usage help_usage[] = {
	{ "help [ COMMAND ]",	"show help, or help for COMMAND" },
	{ }
};

const struct ipl_cmd ipl_cmds[] = {
	{
		.name	= "status",
		.action	= IPL_ACT_STATUS_SHOW,
		.verbs	= status_verbs,
		.usage	= status_usage,
		.help	=
"'status' shows the version of the loaded ipsec_latch module, its\n"
"parameters, and the counters of the network namespace the command runs\n"
"in (see -n).\n"
"'status reset' zeroes those counters; it needs CAP_NET_ADMIN in that\n"
"network namespace.\n",
	},
	{
		.name	= "resolve",
		.action	= IPL_ACT_RESOLVE_LIST,
		.verbs	= resolve_verbs,
		.usage	= resolve_usage,
		.help	=
"A resolution is the wait for one outbound SA that does not exist yet:\n"
"the kernel sent an ACQUIRE and the packets that need the SA are held.\n"
"All of this acts on the network namespace the command runs in (see -n).\n"
"\n"
"'resolve' or 'resolve list' prints one line per live resolution:\n"
"  DST SRC PROTO MODE REQID STATE AGE WAITERS PACKETS/BYTES DROPS [ERROR]\n"
"STATE is pending, resolved or failed; PACKETS/BYTES are held in its\n"
"queue; ERROR (failed only) is the errno its callers get.\n"
"'resolve stats' shows the mode and the resolution counters.\n"
"'resolve set mode MODE' sets the mode (setting it again changes\n"
"nothing); it needs CAP_NET_ADMIN in that network namespace.\n"
"MODE := { " IPL_MODE_CHOICES_SYNOPSIS " }\n"
"  off    stock kernel behaviour\n"
"  queue  hold packets until their SA arrives, never block callers\n"
"  wait   hold packets, block callers (non-blocking ones get EAGAIN)\n",
	},
	{
		.name	= "template",
		.action	= IPL_ACT_TEMPLATE_LIST,
		.verbs	= template_verbs,
		.usage	= template_usage,
		.help	=
"A template says which flows get latched: each new flow that matches\n"
"one gets a latch binding it to the peer and protection of its first\n"
"packets. A listener matches flows to a local port (and address, if\n"
"given; without 'local' the tool adds one template for IPv4 and one\n"
"for IPv6 and prints both IDs); a connector matches flows to one remote\n"
"address and port, from a local address and port if given (else any).\n"
"The addresses set the family: both of a connector must be of the same.\n"
"src, dst, sport and dport are local, remote, lport and rport.\n"
"KIND := { listener | connector }   PROTO := { tcp | udp }\n"
"PORT := 1..65535\n"
"ACTION := { protect | bypass-or-protect }, default protect:\n"
"  protect            a flow must be protected; clear ones are refused\n"
"  bypass-or-protect  each flow stays as its first packet was, clear or\n"
"                     protected; 'fallback MS' (only with this action,\n"
"                     " IPL_FALLBACK_RANGE "): how long a flow this host starts\n"
"                     tries protection before it falls back to the clear\n"
"'template add' prints 'template ID added'; if the same template is\n"
"there already it leaves it and prints 'template ID exists', and if one\n"
"with the same selector but another action or fallback is, it fails:\n"
"'template replace' (same arguments) replaces that one, or if the new\n"
"one cannot be added, puts the old one back and fails. 'template del'\n"
"takes an ID, or the kind and selector 'template add' took (no action\n"
"or fallback). del and flush print nothing. Changes need CAP_NET_ADMIN.\n"
"A bypass-or-protect listener can latch a flow in the clear only if the\n"
"kernel's SPD lets its clear first packet in: no inbound policy covers\n"
"it, or an optional one ('level use'), or an allow one without\n"
"templates. 'template add' warns when the SPD would drop such packets;\n"
"'template check' checks every such template, printing 'template N: ok'\n"
"or what is wrong, and exits with 4 if anything is (1 if the SPD cannot\n"
"be read: it needs CAP_NET_ADMIN).\n"
"'template' or 'template list' prints a table with a header line:\n"
"  id kind proto local lport remote rport action fallback flows\n"
"  protected bypassed refused failed\n"
"FLOWS were latched under the template, of those PROTECTED or BYPASSED\n"
"(in the clear); REFUSED new flows failed closed; FAILED flows lost\n"
"their SA and could not fall back to the clear (protect). Any address\n"
"shows as 0.0.0.0 or ::, any port as *.\n",
	},
	{
		.name	= "latch",
		.action	= IPL_ACT_LATCH_LIST,
		.verbs	= latch_verbs,
		.parse	= ipl_parse_latch,
		.usage	= latch_usage,
		.help	=
"A latch binds one TCP or UDP flow to the peer identity and the quality\n"
"of protection (QoP) of the SA that first protected it (RFC 5660).\n"
"'latch' or 'latch list' prints one line per latch of this network\n"
"namespace (see -n), those matching every SELECTOR given:\n"
"  SELECTOR := { proto PROTO | local ADDR | lport PORT | remote ADDR |\n"
"                rport PORT | peer SUBSTRING | state STATE }\n"
"  PROTO := { tcp | udp }   STATE := { larval | established | broken |\n"
"                                      closed }\n"
"  src, dst, sport and dport are local, remote, lport and rport\n"
"  PROTO LOCAL -> REMOTE STATE ACTION (DECISION) bypass-spd\n"
"  peer \"ID\" (SOURCE) QOP template N age AGE idle IDLE\n"
"  pkts in/out I/O drops in/out I/O broken N mem BYTES\n"
"ACTION is protect, bypass (in the clear) or, while the first packet of\n"
"a bypass-or-protect flow waits for its SA, bypass-or-protect. DECISION\n"
"is how that came: pending (waiting), protected, clear-in or clear-out\n"
"(the first packet came or left in the clear), ike-failed or timeout\n"
"(fell back to the clear). bypass-spd: the module gave the flow BYPASS\n"
"SPD entries, so it stays clear even if an SA for the peer appears.\n"
"SOURCE is ike (the key manager's IKE identity) or derived (peer\n"
"address + reqid); parts the kernel did not send are left out.\n"
"'latch transparent MODE' latches flows no template names (needs\n"
"CAP_NET_ADMIN). MODE := { " IPL_TRANSPARENT_CHOICES_SYNOPSIS " }\n"
"  protect, on        every connected TCP/UDP flow whose first packet\n"
"                     is protected\n"
"  bypass-or-protect  the same, and a flow this host starts whose first\n"
"                     packet waits for an SA falls back to the clear\n"
"                     when IKE fails or after 'fallback MS'\n"
"                     (" IPL_FALLBACK_RANGE ", default: the module's)\n"
"  off                only the templates' flows\n"
"'latch requests on' lets applications ask for PROTECT latches on their\n"
"own sockets (libipsec-latch, ipsec_latch_require(3)); every packet of\n"
"the netns then passes the latching hooks. Needs CAP_NET_ADMIN.\n"
"'latch stats' shows transparent mode, whether requests are taken and\n"
"how many live, the latch count, the memory of one latch and the\n"
"latching counters.\n",
	},
	{
		.name	= "who",
		.action	= IPL_ACT_WHO,
		.parse	= ipl_parse_who,
		.usage	= who_usage,
		.help	=
"Answers \"who am I really talking to\" for one flow: the peer identity\n"
"its latch is bound to, where that identity comes from (the IKE identity\n"
"the key manager gave, or derived: peer address + reqid), the latch's\n"
"state and the quality of protection.\n"
"LOCAL:PORT and REMOTE:PORT: IPv6 addresses in brackets, [ADDR]:PORT.\n"
"PID/FD: the socket FD of process PID, e.g. 1234/5 (needs the right to\n"
"read /proc/PID/fd); it must be a connected TCP or UDP socket. The\n"
"latch is looked up in that process's network namespace.\n"
"Exits with 3 and 'not latched' if the flow has no latch.\n",
	},
	{
		.name	= "identity",
		.action	= IPL_ACT_IDENTITY_LIST,
		.verbs	= identity_verbs,
		.usage	= identity_usage,
		.help	=
"The key manager (e.g. strongSwan through an updown script) names the\n"
"IKE identity behind the SAs of a peer address and reqid; latches made\n"
"under those SAs report it as their peer. Without one, a latch's peer is\n"
"derived: 'ADDR reqid N'.\n"
"ID: the identity, 1..255 bytes, e.g. 'bob.example' or\n"
"'C=CH, O=Example, CN=bob'. REQID: 1..4294967295.\n"
"'identity set' replaces an existing name; set and del need\n"
"CAP_NET_ADMIN and print nothing.\n"
"'identity' or 'identity list' prints one line each:\n"
"  peer ADDR reqid N id \"ID\"\n",
	},
	{
		.name	= "monitor",
		.action	= IPL_ACT_MONITOR,
		.parse	= ipl_parse_monitor,
		.usage	= monitor_usage,
		.help	=
"Prints one line per event in the network namespace the command runs in\n"
"(see -n), as it happens, until interrupted. A resolution ends:\n"
"  resolved DST SRC PROTO MODE reqid REQID [if_id N] [mark M] after AGE\n"
"  failed DST SRC PROTO MODE reqid REQID [if_id N] [mark M] after AGE[: ERROR]\n"
"A latch changes (EVENT: latched, broken, restored, closed, refused):\n"
"  latch EVENT PROTO LOCAL -> REMOTE peer \"ID\" (SOURCE) QOP ACTION\n"
"  template N\n"
"'resolve' or 'latch' prints only the events of resolutions or latches;\n"
"'event NAME' (again for more) only those events:\n"
"  NAME := { " IPL_RES_EVENT_CHOICES ", " IPL_LATCH_EVENT_CHOICES " }\n"
"-t (here or before the command) prints 'Timestamp: DATE USEC usec'\n"
"before each event. With -j, one JSON object per line (-t: with a\n"
"\"timestamp\"). Exits when the module is unloaded.\n",
	},
	{
		.name	= "version",
		.action	= IPL_ACT_VERSION,
		.usage	= version_usage,
		.help	=
"Prints the ipsec-latchctl version, then the version of the loaded\n"
"ipsec_latch module. -V prints the tool version only. With -j, also\n"
"the version of the JSON output (\"schema\").\n",
	},
	{
		.name	= "help",
		.action	= IPL_ACT_HELP,
		.parse	= ipl_parse_help,
		.usage	= help_usage,
		.help	=
"Without COMMAND, lists all commands. 'ipsec-latchctl COMMAND -h' is the\n"
"same as 'ipsec-latchctl help COMMAND'.\n",
	},
};

const size_t ipl_n_cmds = ARRAY_SIZE(ipl_cmds);

const char ipl_options_help[] =
"Options:\n"
"  -j, --json            JSON output\n"
"  -n, --netns NETNS     run in network namespace NETNS (see ip-netns(8))\n"
"  -t, --timestamp       monitor: a timestamp before each event\n"
"  -b, --batch FILE      run the commands in FILE, one a line ('-': stdin)\n"
"  --force, -force       with -b: go on after a command fails\n"
"  -h, --help            show this help and exit\n"
"  -V, --version         show the tool version and exit\n"
"\n"
"Any unambiguous prefix of a command or subcommand will do ('temp l',\n"
"'res st'); show, list and ls are one, so are del and delete.\n"
"Exit status: 0 ok, 1 error, 2 usage error, 3 'who': not latched,\n"
"4 'template check': warnings.\n";
