/*
 * ifc.h - the model of an Initial Filter Criteria (TS 29.228 Annex B/C) as
 * read from User-Data.  Evaluating triggers against a request is not here.
 */
#ifndef DIAMETER_IFC_H
#define DIAMETER_IFC_H

#include <stdbool.h>
#include <stddef.h>

/* Which of the SPT's choice elements it carries. */
typedef enum {
	UD_SPT_REQUEST_URI,
	UD_SPT_METHOD,
	UD_SPT_SIP_HEADER,
	UD_SPT_SESSION_CASE,
	UD_SPT_SESSION_DESCRIPTION,
} ud_spt_kind_t;

/* tDirectionOfRequest. */
typedef enum {
	UD_SC_ORIGINATING_REGISTERED = 0,
	UD_SC_TERMINATING_REGISTERED = 1,
	UD_SC_TERMINATING_UNREGISTERED = 2,
	UD_SC_ORIGINATING_UNREGISTERED = 3,
	UD_SC_ORIGINATING_CDIV = 4,
} ud_session_case_t;

/* Bits of ud_spt_t.reg_types, one per RegistrationType value. */
#define UD_REGTYPE_INITIAL (1u << 0)
#define UD_REGTYPE_RE (1u << 1)
#define UD_REGTYPE_DE (1u << 2)

typedef struct {
	bool negated;      /* ConditionNegated (absent = false) */
	unsigned *groups;  /* Group, at least one, document order */
	size_t ngroups;
	ud_spt_kind_t kind;
	/* RequestURI or Method text; SIPHeader/Header; SessionDescription/Line */
	char *value;
	/* SIPHeader/Content or SessionDescription/Content; NULL when absent */
	char *content;
	ud_session_case_t session_case; /* UD_SPT_SESSION_CASE only */
	unsigned reg_types; /* UD_REGTYPE_* from Extension/RegistrationType; 0 = none */
} ud_spt_t;

typedef enum {
	UD_DH_SESSION_CONTINUED = 0,
	UD_DH_SESSION_TERMINATED = 1,
} ud_default_handling_t;

typedef enum {
	UD_PPI_REGISTERED = 0,
	UD_PPI_UNREGISTERED = 1,
} ud_profile_part_t;

typedef struct {
	char *server_name;
	bool has_default_handling;
	ud_default_handling_t default_handling; /* SESSION_CONTINUED when absent */
	char *service_info; /* verbatim, NULL when absent */
	bool include_register_request;
	bool include_register_response;
} ud_app_server_t;

typedef struct {
	unsigned priority;
	bool has_trigger; /* no TriggerPoint: the iFC always triggers */
	bool cnf;         /* ConditionTypeCNF */
	ud_spt_t *spts;
	size_t nspts;
	ud_app_server_t as;
	bool has_profile_part; /* absent: both registered and unregistered */
	ud_profile_part_t profile_part;
} ud_ifc_t;

#endif
