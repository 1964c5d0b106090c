# Why this file exists: the peer side of Ward's benchmark comparison (issue 6, item 2). It is a
# hand translation into Rego of 48 obligations of Ward's standard library (stdlib/nhs/**), with
# their rules, exceptions, field defaults and three-valued logic, so that `regorus` can evaluate
# the same cases as Ward and both engines can be checked to agree on every status.
# `compiler/bench/benches/peer.rs` races the two; `compiler/bench/tests/agreement.rs` proves
# they agree.
#
# How Ward's semantics map to Rego:
#
# * Unknown is "undefined". A fact rule below (`nation`, `roles`, ...) has the case's value when
#   the case states it, and is undefined when the case leaves it out, writes null, or writes an
#   enum value declared `= unknown` (`undetermined`, `unknown`). Inside list elements (flows,
#   incidents) null fields are dropped on reading (`without_nulls`), so they are unknown too.
# * Every Ward condition is a rule whose value is `true`, `false`, or undefined (unknown). Kleene
#   `and` is an `else` chain: a `true` body requiring every operand true, then one `false` body
#   per operand; `or` is the dual. (`else` stops at the first body that holds; independent
#   definitions would all be evaluated, which made regorus 2-4x slower.)
# * Regorus evaluates `x in S` to false (not undefined) when `S` or `x` is undefined, so every
#   negative membership test is guarded by a reference to the value first (`roles; not "a" in
#   roles`). Bare references to strings, sets and lists succeed exactly when they are known.
# * Field defaults are rules with a second body for "the case did not say", e.g. `nis_oes`.
#   `default v when c` is unknown where `c` is not true, as in Ward.
# * `for x in xs` rules and `any x in xs where p` are: true if some element's condition is true;
#   false if the list is known and every element's condition is false; otherwise unknown.
# * An exception that concludes (require/recommend/forbid) supersedes the rule it excepts only
#   when it certainly holds (`*_eff` is then false; otherwise it is the rule's own condition). A
#   `waive` exception makes the rule's effective value `cond and not waiver`, Kleene.
# * An obligation applies when one of its rules is effectively true, is undetermined when none
#   is but one is unknown, and does not apply otherwise (`status`, the entry point).
#
# Two constructs are avoided because regorus 0.14.1's RVM (not its interpreter) gets them wrong:
# an assignment `v := x` with `x` undefined does not fail the body (so every such assignment is
# followed by a test that fails on undefined, such as `v != null`), and an `else` is never taken
# after a body that iterates with `some` and finds nothing (so `some` bodies come last in their
# chains). `tests/agreement.rs` compares both regorus paths with Ward, so a slip shows there.
#
# Each Rego rule is named after the Ward rule or def it encodes; the Ward text is quoted above it.

package ward

# ------------------------------------------------------------------------------ constants

IP := {"identifiable", "pseudonymised"}

DIRECT_CARE := {"direct_care", "local_audit"}

GB := {"england", "wales", "scotland"}

ENGLAND_WALES := {"england", "wales"}

PUBLIC_AUTHORITY_TYPES := {
	"nhs_trust", "nhs_foundation_trust", "integrated_care_board", "other_nhs_body",
	"local_authority", "public_research_body",
}

NIS_OES_TYPES := {"nhs_trust", "nhs_foundation_trust", "integrated_care_board"}

NHS_BODY_TYPES := {
	"nhs_trust", "nhs_foundation_trust", "integrated_care_board", "nhs_primary_care",
	"other_nhs_body",
}

CQC_STAGES := {"development", "procurement", "integration", "pilot", "live_use", "market_placement"}

# nhs.case.device_change_kinds and processing_change_kinds
DEVICE_CHANGE_KINDS := {
	"software_update", "new_feature", "intended_purpose_change", "performance_drop",
	"infrastructure_update", "target_population_change", "new_area_of_use",
}

PROCESSING_CHANGE_KINDS := {"processing_means_change", "processing_purpose_change", "research_data_change"}

# ------------------------------------------------------------------ facts: organisation

nation := v if {
	v := input.organisation.nation
	v != null
}

org_type := v if {
	v := input.organisation.type
	v != null
}

roles := {x | some x in v} if {
	v := input.organisation.roles
	v != null
}

regulated_activity := v if {
	v := input.organisation.regulated_activity
	v != null
}

cqc_registered := v if {
	v := input.organisation.cqc_registered
	v != null
}

private_clients_only := v if {
	v := input.organisation.private_clients_only
	v != null
}

# public_functions: bool default true when nhs_funded = true
public_functions := v if {
	v := input.organisation.public_functions
	v != null
} else := true if {
	not input.organisation.public_functions != null
	nhs_funded == true
}

# nhs_data_access: bool default true when type in {nhs_trust, nhs_foundation_trust,
#   integrated_care_board, nhs_primary_care, other_nhs_body}
nhs_data_access := v if {
	v := input.organisation.nhs_data_access
	v != null
} else := true if {
	not input.organisation.nhs_data_access != null
	org_type in NHS_BODY_TYPES
}

caldicott_guardian := v if {
	v := input.organisation.caldicott_guardian
	v != null
}

# public_authority: bool default type in {nhs_trust, nhs_foundation_trust,
#   integrated_care_board, other_nhs_body, local_authority, public_research_body}
public_authority := v if {
	v := input.organisation.public_authority
	v != null
} else := b if {
	not input.organisation.public_authority != null
	org_type
	b := org_type in PUBLIC_AUTHORITY_TYPES
}

# specific_duties_listed: bool default false when public_authority = false
specific_duties_listed := v if {
	v := input.organisation.specific_duties_listed
	v != null
} else := false if {
	not input.organisation.specific_duties_listed != null
	public_authority == false
}

# nis_oes: bool default type in {nhs_trust, nhs_foundation_trust, integrated_care_board}
#   when type != independent_healthcare_provider
nis_oes := v if {
	v := input.organisation.nis_oes
	v != null
} else := b if {
	not input.organisation.nis_oes != null
	org_type != "independent_healthcare_provider"
	b := org_type in NIS_OES_TYPES
}

# nhs_funded: bool default true when type in {nhs_trust, nhs_foundation_trust,
#   integrated_care_board, nhs_primary_care, other_nhs_body}
nhs_funded := v if {
	v := input.organisation.nhs_funded
	v != null
} else := true if {
	not input.organisation.nhs_funded != null
	org_type in NHS_BODY_TYPES
}

# processes_personal_data: bool default personal_data
processes_personal_data := v if {
	v := input.organisation.processes_personal_data
	v != null
} else := b if {
	not input.organisation.processes_personal_data != null
	b := personal_data
}

# -------------------------------------------------------------------- facts: technology

# DeviceStatus.undetermined = unknown
device_status := v if {
	v := input.technology.device_status
	v != null
	v != "undetermined"
}

# health_it: bool default true when device_status in {medical_device, ivd}
health_it := v if {
	v := input.technology.health_it
	v != null
} else := true if {
	not input.technology.health_it != null
	device_status in {"medical_device", "ivd"}
}

markings := {x | some x in v} if {
	v := input.technology.markings
	v != null
}

markets := {x | some x in v} if {
	v := input.technology.markets
	v != null
}

traits := {x | some x in v} if {
	v := input.technology.traits
	v != null
}

# Dcb0129Status.unknown = unknown
dcb0129_status := v if {
	v := input.technology.dcb0129_status
	v != null
	v != "unknown"
}

in_house_only := v if {
	v := input.technology.in_house_only
	v != null
}

# -------------------------------------------------------------------------- facts: data

health_care := v if {
	v := input.data.health_care
	v != null
}

identifiability := v if {
	v := input.data.identifiability
	v != null
}

# subjects: set<Subject> default {living}
subjects := {x | some x in v} if {
	v := input.data.subjects
	v != null
} else := {"living"} if {
	not input.data.subjects != null
}

large_scale := v if {
	v := input.data.large_scale
	v != null
}

collected_by := v if {
	v := input.data.collected_by
	v != null
}

anonymises_own := v if {
	v := input.data.anonymises_own
	v != null
}

# england_origin: bool default organisation.nation = england and health_care
england_origin := v if {
	v := input.data.england_origin
	v != null
} else := false if {
	not input.data.england_origin != null
	nation != "england"
} else := false if {
	not input.data.england_origin != null
	health_care == false
} else := true if {
	not input.data.england_origin != null
	nation == "england"
	health_care == true
}

# Lists of records: a null field inside an element is unknown, as when it is left out.
flows := [without_nulls(f) | some f in v] if {
	v := input.data.flows
	v != null
}

received := [without_nulls(f) | some f in v] if {
	v := input.data.received
	v != null
}

without_nulls(record) := {k: x | some k, x in record; x != null}

# `data.received is known`
received_known := true if {
	received
} else := false if {
	not received
}

# ---------------------------------------------------------------------- facts: activity

stages := {x | some x in v} if {
	v := input.activity.stages
	v != null
}

purposes := {x | some x in v} if {
	v := input.activity.purposes
	v != null
}

# research_status: ResearchStatus (undetermined = unknown) default not_research
#   when purposes is not empty and all p in purposes where p in {direct_care, local_audit}
given_research_status := v if {
	v := input.activity.research_status
	v != null
	v != "undetermined"
}

research_status := v if {
	v := given_research_status
	v != null
} else := "not_research" if {
	not given_research_status
	count(purposes) > 0
	every p in purposes {
		p in DIRECT_CARE
	}
}

# research_only_use: bool default purposes = {research}
#   when purposes = {research} or purposes has any {direct_care, local_audit, clinical_investigation}
research_only_use := v if {
	v := input.activity.research_only_use
	v != null
} else := b if {
	not input.activity.research_only_use != null
	research_only_use_default_applies
	b := purposes == {"research"}
}

research_only_use_default_applies if purposes == {"research"}

research_only_use_default_applies if count(purposes & {"direct_care", "local_audit", "clinical_investigation"}) > 0

# --------------------------------------------------------- facts: research, change, incidents

research_nations := {x | some x in v} if {
	v := input.research.nations
	v != null
}

research_nhs_involvement := v if {
	v := input.research.nhs_involvement
	v != null
}

# present(change)
present_change := true if {
	input.change != null
} else := false if {
	not input.change != null
}

change_kinds := {x | some x in v} if {
	v := input.change.kinds
	v != null
}

change_significant := v if {
	v := input.change.significant
	v != null
}

# significant_device: bool default significant when significant = false
#   or kinds has any device_change_kinds and not kinds has any processing_change_kinds
significant_device := v if {
	v := input.change.significant_device
	v != null
} else := false if {
	not input.change.significant_device != null
	change_significant == false
} else := true if {
	not input.change.significant_device != null
	change_significant == true
	count(change_kinds & DEVICE_CHANGE_KINDS) > 0
	count(change_kinds & PROCESSING_CHANGE_KINDS) == 0
}

# significant_processing: bool default significant when significant = false
#   or kinds has any processing_change_kinds and not kinds has any device_change_kinds
significant_processing := v if {
	v := input.change.significant_processing
	v != null
} else := false if {
	not input.change.significant_processing != null
	change_significant == false
} else := true if {
	not input.change.significant_processing != null
	change_significant == true
	count(change_kinds & PROCESSING_CHANGE_KINDS) > 0
	count(change_kinds & DEVICE_CHANGE_KINDS) == 0
}

# incidents: list<Incident> default []
incidents := [without_nulls(i) | some i in v] if {
	v := input.incidents
	v != null
} else := [] if {
	not input.incidents != null
}

# Incident.mhra_reportable: bool default kind = device_adverse_event and device_contributory
#   and serious_harm in {occurred, might_have, on_recurrence}
mhra_reportable(i) := v if {
	v := i.mhra_reportable
	is_boolean(v)
} else := false if {
	not is_boolean(i.mhra_reportable)
	i.kind != "device_adverse_event"
} else := false if {
	not is_boolean(i.mhra_reportable)
	i.device_contributory == false
} else := false if {
	not is_boolean(i.mhra_reportable)
	i.serious_harm
	not i.serious_harm in {"occurred", "might_have", "on_recurrence"}
} else := true if {
	not is_boolean(i.mhra_reportable)
	i.kind == "device_adverse_event"
	i.device_contributory == true
	i.serious_harm in {"occurred", "might_have", "on_recurrence"}
}

# ------------------------------------------------------------------- derived (nhs.case)

in_great_britain := b if {
	nation
	b := nation in GB
}

in_england_or_wales := b if {
	nation
	b := nation in ENGLAND_WALES
}

is_medical_device := b if {
	device_status
	b := device_status in {"medical_device", "ivd"}
}

adopter := b if {
	roles
	b := "adopter" in roles
}

developer := b if {
	roles
	b := "developer" in roles
}

# any f in data.flows where f.identifiability in {identifiable, pseudonymised}
any_flow_identifiable := false if {
	every f in flows {
		f.identifiability
		not f.identifiability in IP
	}
} else := true if {
	some f in flows
	f.identifiability in IP
}

# data.identifiability in {identifiable, pseudonymised} or any f in data.flows where ...
identifiable_somewhere := true if {
	identifiability in IP
} else := true if {
	any_flow_identifiable == true
} else := false if {
	identifiability
	not identifiability in IP
	any_flow_identifiable == false
}

# def personal_data = (...) and data.subjects has living
personal_data := true if {
	identifiable_somewhere == true
	"living" in subjects
} else := false if {
	identifiable_somewhere == false
} else := false if {
	subjects
	not "living" in subjects
}

# def confidential = data.health_care and (...)
confidential := true if {
	health_care == true
	identifiable_somewhere == true
} else := false if {
	health_care == false
} else := false if {
	identifiable_somewhere == false
}

# def special_category = personal_data and data.health_care
special_category := true if {
	personal_data == true
	health_care == true
} else := false if {
	personal_data == false
} else := false if {
	health_care == false
}

# def is_research = activity.research_status = research
#   or activity.purposes has any {research, clinical_investigation}
is_research := true if {
	research_status == "research"
} else := true if {
	count(purposes & {"research", "clinical_investigation"}) > 0
} else := false if {
	research_status != "research"
	count(purposes & {"research", "clinical_investigation"}) == 0
}

# ================================================================= nhs.adopters.data.step_2_dpia

# rule dpia_consider_general: organisation.nation = england and personal_data and data.health_care
#   and activity.stages has any {integration, pilot, live_use, development}
dpia_consider_general := true if {
	nation == "england"
	personal_data == true
	health_care == true
	count(stages & {"integration", "pilot", "live_use", "development"}) > 0
} else := false if {
	nation != "england"
} else := false if {
	personal_data == false
} else := false if {
	health_care == false
} else := false if {
	count(stages & {"integration", "pilot", "live_use", "development"}) == 0
}

# Superseded by its exception `dpia_by_law` when that certainly holds.
dpia_consider_general_eff := false if {
	dpia_by_law == true
} else := c if {
	not dpia_by_law == true
	c := dpia_consider_general
}

# rule dpia_by_law (exception to dpia_consider_general): organisation.nation in {england, wales}
#   and special_category and data.large_scale and technology.traits has innovative
dpia_by_law := true if {
	nation in ENGLAND_WALES
	special_category == true
	large_scale == true
	"innovative" in traits
} else := false if {
	nation
	not nation in ENGLAND_WALES
} else := false if {
	special_category == false
} else := false if {
	large_scale == false
} else := false if {
	traits
	not "innovative" in traits
}

# rule dpia_live_document: organisation.nation = england and personal_data and data.health_care
#   and (activity.stages has live_use or present(change) and (change.kinds has any
#   {processing_means_change, processing_purpose_change} or change.significant_processing))
change_processing := true if {
	count(change_kinds & {"processing_means_change", "processing_purpose_change"}) > 0
} else := true if {
	significant_processing == true
} else := false if {
	count(change_kinds & {"processing_means_change", "processing_purpose_change"}) == 0
	significant_processing == false
}

dpia_change := true if {
	present_change == true
	change_processing == true
} else := false if {
	present_change == false
} else := false if {
	change_processing == false
}

dpia_live_or_change := true if {
	"live_use" in stages
} else := true if {
	dpia_change == true
} else := false if {
	stages
	not "live_use" in stages
	dpia_change == false
}

dpia_live_document := true if {
	nation == "england"
	personal_data == true
	health_care == true
	dpia_live_or_change == true
} else := false if {
	nation != "england"
} else := false if {
	personal_data == false
} else := false if {
	health_care == false
} else := false if {
	dpia_live_or_change == false
}

# ====================================================== nhs.adopters.cyber.cyber_security

# rule nis_security: organisation.nation = england and organisation.nis_oes
nis_security := true if {
	nation == "england"
	nis_oes == true
} else := false if {
	nation != "england"
} else := false if {
	nis_oes == false
}

# rule nis_report, for incident in incidents: organisation.nation = england
#   and organisation.nis_oes and incident.kind = nis_incident
#   and incident.continuity_impact = significant
nis_report_for(i) := true if {
	nation == "england"
	nis_oes == true
	i.kind == "nis_incident"
	i.continuity_impact == "significant"
} else := false if {
	nation != "england"
} else := false if {
	nis_oes == false
} else := false if {
	i.kind != "nis_incident"
} else := false if {
	i.continuity_impact != "significant"
}

nis_report := false if {
	every i in incidents {
		nis_report_for(i) == false
	}
} else := true if {
	some i in incidents
	nis_report_for(i) == true
}

# rule dspt_for_nhs_data_access: organisation.nation = england and organisation.nhs_data_access
dspt_for_nhs_data_access := true if {
	nation == "england"
	nhs_data_access == true
} else := false if {
	nation != "england"
} else := false if {
	nhs_data_access == false
}

# developer and technology.markets has england
developer_supplies_england := true if {
	developer == true
	"england" in markets
} else := false if {
	developer == false
} else := false if {
	markets
	not "england" in markets
}

# (developer and technology.markets has england or data.england_origin)
nhs_england_link := true if {
	developer_supplies_england == true
} else := true if {
	england_origin == true
} else := false if {
	developer_supplies_england == false
	england_origin == false
}

# rule dspt_for_nhs_england_access_from_elsewhere: organisation.nation != england
#   and organisation.nhs_data_access
#   and (developer and technology.markets has england or data.england_origin)
dspt_for_nhs_england_access_from_elsewhere := true if {
	nation != "england"
	nhs_data_access == true
	nhs_england_link == true
} else := false if {
	nation == "england"
} else := false if {
	nhs_data_access == false
} else := false if {
	nhs_england_link == false
}

# rule cyber_essentials_for_public_bids: organisation.nation = england
#   and activity.stages has public_contract_bid and organisation.processes_personal_data
cyber_essentials_for_public_bids := true if {
	nation == "england"
	"public_contract_bid" in stages
	processes_personal_data == true
} else := false if {
	nation != "england"
} else := false if {
	stages
	not "public_contract_bid" in stages
} else := false if {
	processes_personal_data == false
}

# ========================================== nhs.adopters.using.reporting_safety_issues

# incident.mhra_reportable or incident.kind = device_concern
reportable_or_concern(i) := true if {
	mhra_reportable(i) == true
} else := true if {
	i.kind == "device_concern"
} else := false if {
	mhra_reportable(i) == false
	i.kind != "device_concern"
}

# incident.kind in {device_adverse_event, device_concern}
device_event(i) := b if {
	i.kind
	b := i.kind in {"device_adverse_event", "device_concern"}
}

# rule yellow_card_gb, for incident in incidents: adopter and is_medical_device
#   and in_great_britain and (incident.mhra_reportable or incident.kind = device_concern)
yellow_card_gb_for(i) := true if {
	adopter == true
	is_medical_device == true
	in_great_britain == true
	reportable_or_concern(i) == true
} else := false if {
	adopter == false
} else := false if {
	is_medical_device == false
} else := false if {
	in_great_britain == false
} else := false if {
	reportable_or_concern(i) == false
}

yellow_card_gb := false if {
	every i in incidents {
		yellow_card_gb_for(i) == false
	}
} else := true if {
	some i in incidents
	yellow_card_gb_for(i) == true
}

# rule scotland_reports_elsewhere (exception to yellow_card_gb):
#   organisation.nation = scotland and not organisation.private_clients_only
#   then waive yellow-card-report
scotland_reports_elsewhere := true if {
	nation == "scotland"
	private_clients_only == false
} else := false if {
	nation != "scotland"
} else := false if {
	private_clients_only == true
}

# A waiver: effective = condition and not waived.
yellow_card_gb_eff := true if {
	yellow_card_gb == true
	scotland_reports_elsewhere == false
} else := false if {
	yellow_card_gb == false
} else := false if {
	scotland_reports_elsewhere == true
}

# rule hfs_scotland, for incident in incidents: adopter and is_medical_device
#   and organisation.nation = scotland and not organisation.private_clients_only
#   and (incident.mhra_reportable or incident.kind = device_concern)
hfs_scotland_for(i) := true if {
	adopter == true
	is_medical_device == true
	nation == "scotland"
	private_clients_only == false
	reportable_or_concern(i) == true
} else := false if {
	adopter == false
} else := false if {
	is_medical_device == false
} else := false if {
	nation != "scotland"
} else := false if {
	private_clients_only == true
} else := false if {
	reportable_or_concern(i) == false
}

hfs_scotland := false if {
	every i in incidents {
		hfs_scotland_for(i) == false
	}
} else := true if {
	some i in incidents
	hfs_scotland_for(i) == true
}

# rule care_inspectorate_scotland_private, for incident in incidents: adopter
#   and is_medical_device and organisation.nation = scotland and organisation.private_clients_only
#   and (incident.mhra_reportable or incident.kind = device_concern)
care_inspectorate_for(i) := true if {
	adopter == true
	is_medical_device == true
	nation == "scotland"
	private_clients_only == true
	reportable_or_concern(i) == true
} else := false if {
	adopter == false
} else := false if {
	is_medical_device == false
} else := false if {
	nation != "scotland"
} else := false if {
	private_clients_only == false
} else := false if {
	reportable_or_concern(i) == false
}

care_inspectorate_scotland_private := false if {
	every i in incidents {
		care_inspectorate_for(i) == false
	}
} else := true if {
	some i in incidents
	care_inspectorate_for(i) == true
}

# rule northern_ireland_eu_mdr, for incident in incidents: adopter and is_medical_device
#   and organisation.nation = northern_ireland and incident.kind in {device_adverse_event, device_concern}
northern_ireland_for(i) := true if {
	adopter == true
	is_medical_device == true
	nation == "northern_ireland"
	device_event(i) == true
} else := false if {
	adopter == false
} else := false if {
	is_medical_device == false
} else := false if {
	nation != "northern_ireland"
} else := false if {
	device_event(i) == false
}

northern_ireland_eu_mdr := false if {
	every i in incidents {
		northern_ireland_for(i) == false
	}
} else := true if {
	some i in incidents
	northern_ireland_for(i) == true
}

# rule notify_developer, for incident in incidents: organisation.roles has adopter
#   and is_medical_device and in_great_britain and incident.kind in {device_adverse_event, device_concern}
notify_developer_for(i) := true if {
	adopter == true
	is_medical_device == true
	in_great_britain == true
	device_event(i) == true
} else := false if {
	adopter == false
} else := false if {
	is_medical_device == false
} else := false if {
	in_great_britain == false
} else := false if {
	device_event(i) == false
}

notify_developer := false if {
	every i in incidents {
		notify_developer_for(i) == false
	}
} else := true if {
	some i in incidents
	notify_developer_for(i) == true
}

# rule developer_reports_to_mhra, for incident in incidents: organisation.roles has developer
#   and is_medical_device and technology.markets has any {england, wales, scotland}
#   and incident.mhra_reportable
developer_reports_for(i) := true if {
	developer == true
	is_medical_device == true
	count(markets & GB) > 0
	mhra_reportable(i) == true
} else := false if {
	developer == false
} else := false if {
	is_medical_device == false
} else := false if {
	count(markets & GB) == 0
} else := false if {
	mhra_reportable(i) == false
}

developer_reports_to_mhra := false if {
	every i in incidents {
		developer_reports_for(i) == false
	}
} else := true if {
	some i in incidents
	developer_reports_for(i) == true
}

# ====================================== nhs.adopters.data.step_1_register_with_ico

# rule ico_registration_required: organisation.nation = england and organisation.processes_personal_data
ico_registration_required := true if {
	nation == "england"
	processes_personal_data == true
} else := false if {
	nation != "england"
} else := false if {
	processes_personal_data == false
}

# ============================================== nhs.adopters.data.lifecycle

# rule developer_registered_with_ico: developer and organisation.nation != england
#   and technology.markets has england and organisation.processes_personal_data
developer_registered_with_ico := true if {
	developer == true
	nation != "england"
	"england" in markets
	processes_personal_data == true
} else := false if {
	developer == false
} else := false if {
	nation == "england"
} else := false if {
	markets
	not "england" in markets
} else := false if {
	processes_personal_data == false
}

# ============================================== nhs.adopters.implementation.cqc

# rule cqc_check_regulated_activity: organisation.nation = england and activity.stages has any
#   {development, procurement, integration, pilot, live_use, market_placement}
cqc_check_regulated_activity := true if {
	nation == "england"
	count(stages & CQC_STAGES) > 0
} else := false if {
	nation != "england"
} else := false if {
	count(stages & CQC_STAGES) == 0
}

# rule cqc_register: organisation.nation = england and organisation.regulated_activity
cqc_register := true if {
	nation == "england"
	regulated_activity == true
} else := false if {
	nation != "england"
} else := false if {
	regulated_activity == false
}

# rule cqc_already_registered (exception to cqc_register): organisation.nation = england
#   and organisation.cqc_registered then waive cqc-registration
cqc_already_registered := true if {
	nation == "england"
	cqc_registered == true
} else := false if {
	nation != "england"
} else := false if {
	cqc_registered == false
}

cqc_register_eff := true if {
	cqc_register == true
	cqc_already_registered == false
} else := false if {
	cqc_register == false
} else := false if {
	cqc_already_registered == true
}

# rule cqc_continue_to_meet_regulations: same condition as cqc_register, no exception.
cqc_continue_to_meet_regulations := cqc_register

# rule cqc_inspection_readiness: organisation.nation = england and organisation.regulated_activity
#   and activity.stages has any {pilot, live_use}
cqc_inspection_readiness := true if {
	nation == "england"
	regulated_activity == true
	count(stages & {"pilot", "live_use"}) > 0
} else := false if {
	nation != "england"
} else := false if {
	regulated_activity == false
} else := false if {
	count(stages & {"pilot", "live_use"}) == 0
}

# rules devolved_wales_*, devolved_scotland_*, devolved_northern_ireland_*: organisation.nation = X
#   and activity.stages has any {development, procurement, integration, pilot, live_use, market_placement}
devolved(x) := true if {
	nation == x
	count(stages & CQC_STAGES) > 0
} else := false if {
	nation != x
} else := false if {
	count(stages & CQC_STAGES) == 0
}

devolved_wales := devolved("wales")

devolved_scotland := devolved("scotland")

devolved_northern_ireland := devolved("northern_ireland")

# ============================================================= nhs.faq.dtac

# def dtac_adopter = organisation.roles has any {adopter, commissioner} and organisation.nation =
#   england and (organisation.nhs_funded or organisation.type in {local_authority,
#   independent_social_care_provider})
dtac_funded := true if {
	nhs_funded == true
} else := true if {
	org_type in {"local_authority", "independent_social_care_provider"}
} else := false if {
	nhs_funded == false
	org_type
	not org_type in {"local_authority", "independent_social_care_provider"}
}

dtac_adopter := true if {
	count(roles & {"adopter", "commissioner"}) > 0
	nation == "england"
	dtac_funded == true
} else := false if {
	count(roles & {"adopter", "commissioner"}) == 0
} else := false if {
	nation != "england"
} else := false if {
	dtac_funded == false
}

# def dtac_supplier = developer and technology.markets has england
#   and not (technology.in_house_only is known and technology.in_house_only)
dtac_supplier := true if {
	developer == true
	"england" in markets
	not in_house_only == true
} else := false if {
	developer == false
} else := false if {
	markets
	not "england" in markets
} else := false if {
	in_house_only == true
}

# rule dtac_assess_new_technology: dtac_adopter and activity.stages has any {procurement, pilot}
dtac_assess_new_technology := true if {
	dtac_adopter == true
	count(stages & {"procurement", "pilot"}) > 0
} else := false if {
	dtac_adopter == false
} else := false if {
	count(stages & {"procurement", "pilot"}) == 0
}

# rule dtac_central_assessment: (dtac_adopter and activity.stages has any {procurement, pilot}
#   or dtac_supplier and activity.stages has market_placement)
#   and technology.traits has nhse_supported_programme
dtac_supplier_placing := true if {
	dtac_supplier == true
	"market_placement" in stages
} else := false if {
	dtac_supplier == false
} else := false if {
	stages
	not "market_placement" in stages
}

dtac_central_route := true if {
	dtac_assess_new_technology == true
} else := true if {
	dtac_supplier_placing == true
} else := false if {
	dtac_assess_new_technology == false
	dtac_supplier_placing == false
}

dtac_central_assessment := true if {
	dtac_central_route == true
	"nhse_supported_programme" in traits
} else := false if {
	dtac_central_route == false
} else := false if {
	traits
	not "nhse_supported_programme" in traits
}

# rule dtac_commissioner_review: organisation.roles has commissioner and dtac_adopter
#   and activity.stages has any {procurement, pilot}
#   and not technology.traits has nhse_supported_programme
dtac_commissioner_review := true if {
	"commissioner" in roles
	dtac_adopter == true
	count(stages & {"procurement", "pilot"}) > 0
	traits
	not "nhse_supported_programme" in traits
} else := false if {
	roles
	not "commissioner" in roles
} else := false if {
	dtac_adopter == false
} else := false if {
	count(stages & {"procurement", "pilot"}) == 0
} else := false if {
	"nhse_supported_programme" in traits
}

# rule dtac_developer_baseline: dtac_supplier and activity.stages has market_placement
dtac_developer_baseline := dtac_supplier_placing

# rule dtac_renewal_review: dtac_adopter and activity.stages has contract_renewal
dtac_renewal_review := true if {
	dtac_adopter == true
	"contract_renewal" in stages
} else := false if {
	dtac_adopter == false
} else := false if {
	stages
	not "contract_renewal" in stages
}

# rule dtac_evidence_pack: dtac_supplier and activity.stages has contract_renewal
dtac_evidence_pack := true if {
	dtac_supplier == true
	"contract_renewal" in stages
} else := false if {
	dtac_supplier == false
} else := false if {
	stages
	not "contract_renewal" in stages
}

# rules third_party_products_crm / network_connected_crm: developer and technology.health_it
#   and technology.markets has england and technology.traits has X
developer_crm(x) := true if {
	developer == true
	health_it == true
	"england" in markets
	x in traits
} else := false if {
	developer == false
} else := false if {
	health_it == false
} else := false if {
	markets
	not "england" in markets
} else := false if {
	traits
	not x in traits
}

third_party_products_crm := developer_crm("third_party_dependencies")

network_connected_crm := developer_crm("network_connected")

# rule nhs_number_developer: dtac_supplier and technology.traits has uses_nhs_number
nhs_number_developer := true if {
	dtac_supplier == true
	"uses_nhs_number" in traits
} else := false if {
	dtac_supplier == false
} else := false if {
	traits
	not "uses_nhs_number" in traits
}

# rule nhs_number_adopter: dtac_adopter and technology.traits has uses_nhs_number
nhs_number_adopter := true if {
	dtac_adopter == true
	"uses_nhs_number" in traits
} else := false if {
	dtac_adopter == false
} else := false if {
	traits
	not "uses_nhs_number" in traits
}

# ============================================ nhs.adopters.data.agreements_and_contracts

# data.received is known or data.collected_by != own_organisation
received_guard := true if {
	received_known == true
} else := true if {
	collected_by != "own_organisation"
} else := false if {
	received_known == false
	collected_by == "own_organisation"
}

# f.recipient_role = controller and f.identifiability in {identifiable, pseudonymised}
controller_identifiable(f) := true if {
	f.recipient_role == "controller"
	f.identifiability in IP
} else := false if {
	f.recipient_role != "controller"
} else := false if {
	f.identifiability
	not f.identifiability in IP
}

# f.recipient_role in {processor, sub_processor}
to_processor(f) := b if {
	f.recipient_role
	b := f.recipient_role in {"processor", "sub_processor"}
}

# rule dsa_when_sharing: organisation.nation = england and any f in data.flows where
#   f.recipient_role = controller and f.identifiability in {identifiable, pseudonymised}
flows_to_controller := false if {
	every f in flows {
		controller_identifiable(f) == false
	}
} else := true if {
	some f in flows
	controller_identifiable(f) == true
}

dsa_when_sharing := true if {
	nation == "england"
	flows_to_controller == true
} else := false if {
	nation != "england"
} else := false if {
	flows_to_controller == false
}

# rule dsa_when_receiving: organisation.nation = england and (data.received is known or
#   data.collected_by != own_organisation) and any f in data.received where (as above)
received_from_controller := false if {
	every f in received {
		controller_identifiable(f) == false
	}
} else := true if {
	some f in received
	controller_identifiable(f) == true
}

dsa_when_receiving := true if {
	nation == "england"
	received_guard == true
	received_from_controller == true
} else := false if {
	nation != "england"
} else := false if {
	received_guard == false
} else := false if {
	received_from_controller == false
}

# rule contract_with_processor: organisation.nation = england
#   and any f in data.flows where f.recipient_role in {processor, sub_processor}
flows_to_processor := false if {
	every f in flows {
		to_processor(f) == false
	}
} else := true if {
	some f in flows
	to_processor(f) == true
}

contract_with_processor := true if {
	nation == "england"
	flows_to_processor == true
} else := false if {
	nation != "england"
} else := false if {
	flows_to_processor == false
}

# rule contract_as_processor: organisation.nation = england and (received guard)
#   and any f in data.received where f.recipient_role in {processor, sub_processor}
received_as_processor := false if {
	every f in received {
		to_processor(f) == false
	}
} else := true if {
	some f in received
	to_processor(f) == true
}

contract_as_processor := true if {
	nation == "england"
	received_guard == true
	received_as_processor == true
} else := false if {
	nation != "england"
} else := false if {
	received_guard == false
} else := false if {
	received_as_processor == false
}

# ========================================= nhs.adopters.data.common_law_confidentiality

# f.identifiability in {identifiable, pseudonymised}
#   and not (f.recipient = direct_care_team and f.purpose in {direct_care, local_audit})
direct_care_use(f) := true if {
	f.recipient == "direct_care_team"
	f.purpose in DIRECT_CARE
} else := false if {
	f.recipient != "direct_care_team"
} else := false if {
	f.purpose
	not f.purpose in DIRECT_CARE
}

confidential_disclosure(f) := true if {
	f.identifiability in IP
	direct_care_use(f) == false
} else := false if {
	f.identifiability
	not f.identifiability in IP
} else := false if {
	direct_care_use(f) == true
}

# rule cldc_before_disclosure: organisation.nation = england and data.health_care
#   and any f in data.flows where (confidential_disclosure)
flows_confidential := false if {
	every f in flows {
		confidential_disclosure(f) == false
	}
} else := true if {
	some f in flows
	confidential_disclosure(f) == true
}

cldc_before_disclosure := true if {
	nation == "england"
	health_care == true
	flows_confidential == true
} else := false if {
	nation != "england"
} else := false if {
	health_care == false
} else := false if {
	flows_confidential == false
}

# rule cldc_before_receipt: organisation.nation = england and data.health_care
#   and (received guard) and any f in data.received where (confidential_disclosure)
received_confidential := false if {
	every f in received {
		confidential_disclosure(f) == false
	}
} else := true if {
	some f in received
	confidential_disclosure(f) == true
}

cldc_before_receipt := true if {
	nation == "england"
	health_care == true
	received_guard == true
	received_confidential == true
} else := false if {
	nation != "england"
} else := false if {
	health_care == false
} else := false if {
	received_guard == false
} else := false if {
	received_confidential == false
}

# ================================================= nhs.adopters.data.step_7_caldicott

# rule caldicott_principles: organisation.nation = england and confidential
caldicott_principles := true if {
	nation == "england"
	confidential == true
} else := false if {
	nation != "england"
} else := false if {
	confidential == false
}

# rule caldicott_guardian_check: organisation.nation = england and confidential
#   and not organisation.caldicott_guardian
caldicott_guardian_check := true if {
	nation == "england"
	confidential == true
	caldicott_guardian == false
} else := false if {
	nation != "england"
} else := false if {
	confidential == false
} else := false if {
	caldicott_guardian == true
}

# ======================================= nhs.adopters.assessing.clinical_risk_management

# adopter and technology.health_it and in_england_or_wales and organisation.nhs_funded
dcb0160_scope := true if {
	adopter == true
	health_it == true
	in_england_or_wales == true
	nhs_funded == true
} else := false if {
	adopter == false
} else := false if {
	health_it == false
} else := false if {
	in_england_or_wales == false
} else := false if {
	nhs_funded == false
}

# rule dcb0160_risk_management_system: (dcb0160_scope)
dcb0160_risk_management_system := dcb0160_scope

# rule dcb0160_risk_assessment: (dcb0160_scope) and (activity.stages has any {procurement,
#   integration, pilot} or present(change) and change.significant_device)
significant_device_change := true if {
	present_change == true
	significant_device == true
} else := false if {
	present_change == false
} else := false if {
	significant_device == false
}

dcb0160_assessment_trigger := true if {
	count(stages & {"procurement", "integration", "pilot"}) > 0
} else := true if {
	significant_device_change == true
} else := false if {
	count(stages & {"procurement", "integration", "pilot"}) == 0
	significant_device_change == false
}

dcb0160_risk_assessment := true if {
	dcb0160_scope == true
	dcb0160_assessment_trigger == true
} else := false if {
	dcb0160_scope == false
} else := false if {
	dcb0160_assessment_trigger == false
}

# rule dcb0160_check_dcb0129: (dcb0160_scope)
#   and activity.stages has any {procurement, pilot, contract_renewal}
dcb0160_check_dcb0129 := true if {
	dcb0160_scope == true
	count(stages & {"procurement", "pilot", "contract_renewal"}) > 0
} else := false if {
	dcb0160_scope == false
} else := false if {
	count(stages & {"procurement", "pilot", "contract_renewal"}) == 0
}

# rule dcb0129_non_compliant_do_not_adopt (exception to dcb0160_check_dcb0129, forbid):
#   (the same condition) and technology.dcb0129_status = non_compliant
dcb0129_non_compliant_do_not_adopt := true if {
	dcb0160_check_dcb0129 == true
	dcb0129_status == "non_compliant"
} else := false if {
	dcb0160_check_dcb0129 == false
} else := false if {
	dcb0129_status != "non_compliant"
}

dcb0160_check_dcb0129_eff := false if {
	dcb0129_non_compliant_do_not_adopt == true
} else := c if {
	not dcb0129_non_compliant_do_not_adopt == true
	c := dcb0160_check_dcb0129
}

# rule iso_80001_connected_device: adopter and organisation.nation = england
#   and is_medical_device and technology.traits has network_connected
#   and activity.stages has any {procurement, integration, pilot, live_use}
iso_80001_connected_device := true if {
	adopter == true
	nation == "england"
	is_medical_device == true
	"network_connected" in traits
	count(stages & {"procurement", "integration", "pilot", "live_use"}) > 0
} else := false if {
	count(stages & {"procurement", "integration", "pilot", "live_use"}) == 0
} else := false if {
	adopter == false
} else := false if {
	nation != "england"
} else := false if {
	is_medical_device == false
} else := false if {
	traits
	not "network_connected" in traits
}

# ========================================== nhs.adopters.data.step_4_article_6_and_9

# rule article_6 (and privacy_notice): organisation.nation = england and personal_data
article_6 := true if {
	nation == "england"
	personal_data == true
} else := false if {
	nation != "england"
} else := false if {
	personal_data == false
}

privacy_notice := article_6

# rule article_9: organisation.nation = england and special_category
article_9 := true if {
	nation == "england"
	special_category == true
} else := false if {
	nation != "england"
} else := false if {
	special_category == false
}

# rule research_basis: organisation.nation = england and is_research and personal_data
research_basis := true if {
	article_6 == true
	is_research == true
} else := false if {
	article_6 == false
} else := false if {
	is_research == false
}

# rule research_basis_public_task (exception to research_basis): ... and organisation.public_authority
research_basis_public_task := true if {
	research_basis == true
	public_authority == true
} else := false if {
	research_basis == false
} else := false if {
	public_authority == false
}

# rule research_basis_legitimate_interests (exception to research_basis):
#   ... and not organisation.public_authority
research_basis_legitimate_interests := true if {
	research_basis == true
	public_authority == false
} else := false if {
	research_basis == false
} else := false if {
	public_authority == true
}

research_basis_eff := false if {
	research_basis_public_task == true
} else := false if {
	research_basis_legitimate_interests == true
} else := c if {
	not research_basis_public_task == true
	not research_basis_legitimate_interests == true
	c := research_basis
}

# rule privacy_notice_on_repurposing: organisation.nation = england and personal_data
#   and present(change) and change.kinds has processing_purpose_change
privacy_notice_on_repurposing := true if {
	article_6 == true
	present_change == true
	"processing_purpose_change" in change_kinds
} else := false if {
	article_6 == false
} else := false if {
	present_change == false
} else := false if {
	change_kinds
	not "processing_purpose_change" in change_kinds
}

# =================================== nhs.adopters.data.step_5_research, research_vs_non_research

# rule determine_research: organisation.nation = england and activity.purposes has any
#   {service_evaluation, service_improvement, compatibility_testing, local_validation,
#   post_market_surveillance, technology_development, health_service_management, other}
NON_RESEARCH_PURPOSES := {
	"service_evaluation", "service_improvement", "compatibility_testing", "local_validation",
	"post_market_surveillance", "technology_development", "health_service_management", "other",
}

determine_research := true if {
	nation == "england"
	count(purposes & NON_RESEARCH_PURPOSES) > 0
} else := false if {
	nation != "england"
} else := false if {
	count(purposes & NON_RESEARCH_PURPOSES) == 0
}

# rule distinguish_research_from_evaluation: organisation.nation = england
#   and activity.purposes has any {service_evaluation, service_improvement}
distinguish_research_from_evaluation := true if {
	nation == "england"
	count(purposes & {"service_evaluation", "service_improvement"}) > 0
} else := false if {
	nation != "england"
} else := false if {
	count(purposes & {"service_evaluation", "service_improvement"}) == 0
}

# def research_in_england_or_wales = if research.nations is known
#   then research.nations has any {england, wales} else organisation.nation in {england, wales}
research_in_england_or_wales := b if {
	research_nations
	b := count(research_nations & ENGLAND_WALES) > 0
} else := b if {
	not research_nations
	b := in_england_or_wales
}

# rule research_approvals_needed: is_research and research_in_england_or_wales
research_approvals_needed := true if {
	is_research == true
	research_in_england_or_wales == true
} else := false if {
	is_research == false
} else := false if {
	research_in_england_or_wales == false
}

# rule hra_approval_even_if_anonymous: ... and research.nhs_involvement
hra_approval_even_if_anonymous := true if {
	research_approvals_needed == true
	research_nhs_involvement == true
} else := false if {
	research_approvals_needed == false
} else := false if {
	research_nhs_involvement == false
}

# ================================ nhs.adopters.data.step_6_clinical_investigation

# organisation.nation = england and activity.purposes has clinical_investigation
clinical_investigation_needs_approval := true if {
	nation == "england"
	"clinical_investigation" in purposes
} else := false if {
	nation != "england"
} else := false if {
	purposes
	not "clinical_investigation" in purposes
}

# rule clinical_investigation_rec_unmarked (exception, same obligation): ... and
#   is_medical_device and technology.markings is empty
clinical_investigation_rec_unmarked := true if {
	clinical_investigation_needs_approval == true
	is_medical_device == true
	count(markings) == 0
} else := false if {
	clinical_investigation_needs_approval == false
} else := false if {
	is_medical_device == false
} else := false if {
	count(markings) > 0
}

clinical_investigation_needs_approval_eff := false if {
	clinical_investigation_rec_unmarked == true
} else := c if {
	not clinical_investigation_rec_unmarked == true
	c := clinical_investigation_needs_approval
}

# rule notify_mhra: ... and is_medical_device
notify_mhra := true if {
	clinical_investigation_needs_approval == true
	is_medical_device == true
} else := false if {
	clinical_investigation_needs_approval == false
} else := false if {
	is_medical_device == false
}

# def without_explicit_consent = (any f in data.flows where f.identifiability != anonymous
#   and f.recipient != direct_care_team and f.cldc_basis != explicit_consent)
#   or ((data.received is known or data.collected_by is known and data.collected_by =
#   other_organisation) and any f in data.received where (the same))
no_explicit_consent(f) := true if {
	f.identifiability != "anonymous"
	f.recipient != "direct_care_team"
	f.cldc_basis != "explicit_consent"
} else := false if {
	f.identifiability == "anonymous"
} else := false if {
	f.recipient == "direct_care_team"
} else := false if {
	f.cldc_basis == "explicit_consent"
}

flows_without_consent := false if {
	every f in flows {
		no_explicit_consent(f) == false
	}
} else := true if {
	some f in flows
	no_explicit_consent(f) == true
}

received_without_consent := false if {
	every f in received {
		no_explicit_consent(f) == false
	}
} else := true if {
	some f in received
	no_explicit_consent(f) == true
}

# data.received is known or (data.collected_by is known and data.collected_by = other_organisation):
# always known.
received_or_collected_elsewhere := true if {
	received_known == true
} else := true if {
	collected_by == "other_organisation"
} else := false if {
	received_known == false
	not collected_by == "other_organisation"
}

received_without_consent_guarded := true if {
	received_or_collected_elsewhere == true
	received_without_consent == true
} else := false if {
	received_or_collected_elsewhere == false
} else := false if {
	received_without_consent == false
}

without_explicit_consent := true if {
	flows_without_consent == true
} else := true if {
	received_without_consent_guarded == true
} else := false if {
	flows_without_consent == false
	received_without_consent_guarded == false
}

# rule cag_application: ... and data.health_care and without_explicit_consent
cag_application := true if {
	clinical_investigation_needs_approval == true
	health_care == true
	without_explicit_consent == true
} else := false if {
	clinical_investigation_needs_approval == false
} else := false if {
	health_care == false
} else := false if {
	without_explicit_consent == false
}

# ============================================= nhs.good_practice.p06_data_protection

# rule research_only_device_local_ethics: is_medical_device and activity.purposes has research
#   and not activity.purposes has any {direct_care, local_audit, clinical_investigation}
#   and activity.research_only_use
research_only_device_local_ethics := true if {
	is_medical_device == true
	"research" in purposes
	count(purposes & {"direct_care", "local_audit", "clinical_investigation"}) == 0
	research_only_use == true
} else := false if {
	is_medical_device == false
} else := false if {
	purposes
	not "research" in purposes
} else := false if {
	count(purposes & {"direct_care", "local_audit", "clinical_investigation"}) > 0
} else := false if {
	research_only_use == false
}

# rule opt_out_dissemination: data.england_origin and data.health_care and any f in data.flows
#   where f.purpose not in {direct_care, local_audit} and f.identifiability in {identifiable, pseudonymised}
secondary_identifiable(f) := true if {
	f.purpose
	not f.purpose in DIRECT_CARE
	f.identifiability in IP
} else := false if {
	f.purpose in DIRECT_CARE
} else := false if {
	f.identifiability
	not f.identifiability in IP
}

flows_secondary_identifiable := false if {
	every f in flows {
		secondary_identifiable(f) == false
	}
} else := true if {
	some f in flows
	secondary_identifiable(f) == true
}

opt_out_dissemination := true if {
	england_origin == true
	health_care == true
	flows_secondary_identifiable == true
} else := false if {
	england_origin == false
} else := false if {
	health_care == false
} else := false if {
	flows_secondary_identifiable == false
}

# rule opt_out_own_processing: data.england_origin and data.health_care and data.identifiability
#   in {identifiable, pseudonymised} and any p in activity.purposes where p not in {direct_care, local_audit}
opt_out_own_processing := true if {
	england_origin == true
	health_care == true
	identifiability in IP
	count(purposes - DIRECT_CARE) > 0
} else := false if {
	england_origin == false
} else := false if {
	health_care == false
} else := false if {
	identifiability
	not identifiability in IP
} else := false if {
	count(purposes - DIRECT_CARE) == 0
}

# any f in data.flows where f.purpose = p
flow_for_purpose(p) := false if {
	every f in flows {
		f.purpose
		f.purpose != p
	}
} else := true if {
	some f in flows
	f.purpose == p
}

# f.purpose != p or f.identifiability = anonymous
other_purpose_or_anonymous(f, p) := true if {
	f.purpose
	f.purpose != p
} else := true if {
	f.identifiability == "anonymous"
} else := false if {
	f.purpose == p
	f.identifiability
	f.identifiability != "anonymous"
}

# all f in data.flows where (f.purpose != p or f.identifiability = anonymous)
flows_for_purpose_anonymous(p) := true if {
	every f in flows {
		other_purpose_or_anonymous(f, p) == true
	}
} else := false if {
	some f in flows
	other_purpose_or_anonymous(f, p) == false
}

# p in {direct_care, local_audit} or (any f in data.flows where f.purpose = p)
#   and (all f in data.flows where (f.purpose != p or f.identifiability = anonymous))
care_or_anonymised_release(p) := true if {
	p in DIRECT_CARE
} else := true if {
	flow_for_purpose(p) == true
	flows_for_purpose_anonymous(p) == true
} else := false if {
	not p in DIRECT_CARE
	flow_for_purpose(p) == false
} else := false if {
	not p in DIRECT_CARE
	flows_for_purpose_anonymous(p) == false
}

all_purposes_care_or_anonymised_release := true if {
	every p in purposes {
		care_or_anonymised_release(p) == true
	}
} else := false if {
	some p in purposes
	care_or_anonymised_release(p) == false
}

# def beyond_care_only_by_anonymised_release = data.anonymises_own and all p in
#   activity.purposes where (p in {direct_care, local_audit} or …)
# rule opt_out_anonymised_release (exception to opt_out_own_processing): then waive
beyond_care_only_by_anonymised_release := true if {
	anonymises_own == true
	all_purposes_care_or_anonymised_release == true
} else := false if {
	anonymises_own == false
} else := false if {
	all_purposes_care_or_anonymised_release == false
}

# A waiver: effective = condition and not waived.
opt_out_own_processing_eff := true if {
	opt_out_own_processing == true
	beyond_care_only_by_anonymised_release == false
} else := false if {
	opt_out_own_processing == false
} else := false if {
	beyond_care_only_by_anonymised_release == true
}

# ============================================== nhs.adopters.using.equality_duties

# (organisation.public_authority or organisation.public_functions)
public_body_or_functions := true if {
	public_authority == true
} else := true if {
	public_functions == true
} else := false if {
	public_authority == false
	public_functions == false
}

# rule psed_general_duty: (public_authority or public_functions)
#   and organisation.nation in {england, wales, scotland}
psed_general_duty := true if {
	public_body_or_functions == true
	in_great_britain == true
} else := false if {
	public_body_or_functions == false
} else := false if {
	in_great_britain == false
}

# rule psed_specific_duties_eia_procurement: organisation.specific_duties_listed
#   and organisation.nation in {scotland, wales}
psed_specific_duties_eia_procurement := true if {
	specific_duties_listed == true
	nation in {"scotland", "wales"}
} else := false if {
	specific_duties_listed == false
} else := false if {
	nation
	not nation in {"scotland", "wales"}
}

# rule psed_specific_duties_objectives_publication: organisation.specific_duties_listed
#   and organisation.nation in {england, wales, scotland}
psed_specific_duties_objectives_publication := true if {
	specific_duties_listed == true
	in_great_britain == true
} else := false if {
	specific_duties_listed == false
} else := false if {
	in_great_britain == false
}

# ========================================= nhs.adopters.data.compatibility_testing

# f.purpose in {compatibility_testing, local_validation} and f.identifiability != anonymous
testing_flow_for(f) := true if {
	f.purpose in {"compatibility_testing", "local_validation"}
	f.identifiability != "anonymous"
} else := false if {
	f.purpose
	not f.purpose in {"compatibility_testing", "local_validation"}
} else := false if {
	f.identifiability == "anonymous"
}

# def testing_flow = any f in data.flows where (testing_flow_for)
testing_flow := false if {
	every f in flows {
		testing_flow_for(f) == false
	}
} else := true if {
	some f in flows
	testing_flow_for(f) == true
}

# def testing_flow_outside_care_team = any f in data.flows where (testing_flow_for)
#   and f.recipient != direct_care_team
testing_outside_for(f) := true if {
	testing_flow_for(f) == true
	f.recipient != "direct_care_team"
} else := false if {
	testing_flow_for(f) == false
} else := false if {
	f.recipient == "direct_care_team"
}

testing_flow_outside_care_team := false if {
	every f in flows {
		testing_outside_for(f) == false
	}
} else := true if {
	some f in flows
	testing_outside_for(f) == true
}

# rule care_team_sharing_check: organisation.nation = england and confidential and
#   (activity.purposes has any {compatibility_testing, local_validation} or testing_flow)
testing_purpose_or_flow := true if {
	count(purposes & {"compatibility_testing", "local_validation"}) > 0
} else := true if {
	testing_flow == true
} else := false if {
	count(purposes & {"compatibility_testing", "local_validation"}) == 0
	testing_flow == false
}

care_team_sharing_check := true if {
	caldicott_principles == true
	testing_purpose_or_flow == true
} else := false if {
	caldicott_principles == false
} else := false if {
	testing_purpose_or_flow == false
}

# rule care_team_only_no_action (exception to care_team_sharing_check):
#   not testing_flow_outside_care_team then waive care-team-sharing-legal-basis-check
care_team_only_no_action := true if {
	testing_flow_outside_care_team == false
} else := false if {
	testing_flow_outside_care_team == true
}

care_team_sharing_check_eff := true if {
	care_team_sharing_check == true
	care_team_only_no_action == false
} else := false if {
	care_team_sharing_check == false
} else := false if {
	care_team_only_no_action == true
}

# =========================================================================== obligations

# Each obligation's status from the effective values of the rules that conclude about it
# (waivers excluded, as in Ward's `ObligationInfo::rules`): applies when one is true,
# undetermined when none is but one is unknown, does not apply otherwise.

status_dpia_consider := "applies" if {
	dpia_consider_general_eff == true
} else := "undetermined" if {
	not is_boolean(dpia_consider_general_eff)
} else := "does_not_apply"

status_dpia := "applies" if {
	dpia_by_law == true
} else := "undetermined" if {
	not is_boolean(dpia_by_law)
} else := "does_not_apply"

status_dpia_keep_live := "applies" if {
	dpia_live_document == true
} else := "undetermined" if {
	not is_boolean(dpia_live_document)
} else := "does_not_apply"

status_nis_security_measures := "applies" if {
	nis_security == true
} else := "undetermined" if {
	not is_boolean(nis_security)
} else := "does_not_apply"

status_nis_incident_report_72h := "applies" if {
	nis_report == true
} else := "undetermined" if {
	not is_boolean(nis_report)
} else := "does_not_apply"

status_dspt_assessment := "applies" if {
	dspt_for_nhs_data_access == true
} else := "applies" if {
	dspt_for_nhs_england_access_from_elsewhere == true
} else := "undetermined" if {
	not is_boolean(dspt_for_nhs_data_access)
} else := "undetermined" if {
	not is_boolean(dspt_for_nhs_england_access_from_elsewhere)
} else := "does_not_apply"

status_cyber_essentials_public_contracts := "applies" if {
	cyber_essentials_for_public_bids == true
} else := "undetermined" if {
	not is_boolean(cyber_essentials_for_public_bids)
} else := "does_not_apply"

status_yellow_card_report := "applies" if {
	yellow_card_gb_eff == true
} else := "undetermined" if {
	not is_boolean(yellow_card_gb_eff)
} else := "does_not_apply"

status_hfs_adverse_incident_report_scotland := "applies" if {
	hfs_scotland == true
} else := "undetermined" if {
	not is_boolean(hfs_scotland)
} else := "does_not_apply"

status_care_inspectorate_report_scotland_private := "applies" if {
	care_inspectorate_scotland_private == true
} else := "undetermined" if {
	not is_boolean(care_inspectorate_scotland_private)
} else := "does_not_apply"

status_ni_device_reporting_eu_mdr := "applies" if {
	northern_ireland_eu_mdr == true
} else := "undetermined" if {
	not is_boolean(northern_ireland_eu_mdr)
} else := "does_not_apply"

status_notify_developer_adverse_incident := "applies" if {
	notify_developer == true
} else := "undetermined" if {
	not is_boolean(notify_developer)
} else := "does_not_apply"

status_developer_incident_reporting_corrective_action := "applies" if {
	developer_reports_to_mhra == true
} else := "undetermined" if {
	not is_boolean(developer_reports_to_mhra)
} else := "does_not_apply"

status_ico_registration := "applies" if {
	ico_registration_required == true
} else := "applies" if {
	developer_registered_with_ico == true
} else := "undetermined" if {
	not is_boolean(ico_registration_required)
} else := "undetermined" if {
	not is_boolean(developer_registered_with_ico)
} else := "does_not_apply"

status_cqc_regulated_activity_check := "applies" if {
	cqc_check_regulated_activity == true
} else := "undetermined" if {
	not is_boolean(cqc_check_regulated_activity)
} else := "does_not_apply"

status_cqc_registration := "applies" if {
	cqc_register_eff == true
} else := "undetermined" if {
	not is_boolean(cqc_register_eff)
} else := "does_not_apply"

status_cqc_continuing_compliance := "applies" if {
	cqc_continue_to_meet_regulations == true
} else := "undetermined" if {
	not is_boolean(cqc_continue_to_meet_regulations)
} else := "does_not_apply"

status_cqc_inspection_evidence := "applies" if {
	cqc_inspection_readiness == true
} else := "undetermined" if {
	not is_boolean(cqc_inspection_readiness)
} else := "does_not_apply"

status_devolved_care_regulator_check := "applies" if {
	devolved_wales == true
} else := "applies" if {
	devolved_scotland == true
} else := "applies" if {
	devolved_northern_ireland == true
} else := "undetermined" if {
	not is_boolean(devolved_wales)
} else := "undetermined" if {
	not is_boolean(devolved_scotland)
} else := "undetermined" if {
	not is_boolean(devolved_northern_ireland)
} else := "does_not_apply"

status_dtac_assessment := "applies" if {
	dtac_assess_new_technology == true
} else := "applies" if {
	dtac_central_assessment == true
} else := "applies" if {
	dtac_commissioner_review == true
} else := "applies" if {
	dtac_developer_baseline == true
} else := "undetermined" if {
	not is_boolean(dtac_assess_new_technology)
} else := "undetermined" if {
	not is_boolean(dtac_central_assessment)
} else := "undetermined" if {
	not is_boolean(dtac_commissioner_review)
} else := "undetermined" if {
	not is_boolean(dtac_developer_baseline)
} else := "does_not_apply"

status_dtac_contract_renewal_review := "applies" if {
	dtac_renewal_review == true
} else := "applies" if {
	dtac_evidence_pack == true
} else := "undetermined" if {
	not is_boolean(dtac_renewal_review)
} else := "undetermined" if {
	not is_boolean(dtac_evidence_pack)
} else := "does_not_apply"

status_nhs_number_assurance := "applies" if {
	nhs_number_developer == true
} else := "applies" if {
	nhs_number_adopter == true
} else := "undetermined" if {
	not is_boolean(nhs_number_developer)
} else := "undetermined" if {
	not is_boolean(nhs_number_adopter)
} else := "does_not_apply"

status_third_party_component_crm := "applies" if {
	third_party_products_crm == true
} else := "applies" if {
	network_connected_crm == true
} else := "undetermined" if {
	not is_boolean(third_party_products_crm)
} else := "undetermined" if {
	not is_boolean(network_connected_crm)
} else := "does_not_apply"

status_data_sharing_agreement := "applies" if {
	dsa_when_sharing == true
} else := "applies" if {
	dsa_when_receiving == true
} else := "undetermined" if {
	not is_boolean(dsa_when_sharing)
} else := "undetermined" if {
	not is_boolean(dsa_when_receiving)
} else := "does_not_apply"

status_controller_processor_contract := "applies" if {
	contract_with_processor == true
} else := "applies" if {
	contract_as_processor == true
} else := "undetermined" if {
	not is_boolean(contract_with_processor)
} else := "undetermined" if {
	not is_boolean(contract_as_processor)
} else := "does_not_apply"

status_cldc_legal_basis := "applies" if {
	cldc_before_disclosure == true
} else := "applies" if {
	cldc_before_receipt == true
} else := "undetermined" if {
	not is_boolean(cldc_before_disclosure)
} else := "undetermined" if {
	not is_boolean(cldc_before_receipt)
} else := "does_not_apply"

status_caldicott_principles := "applies" if {
	caldicott_principles == true
} else := "undetermined" if {
	not is_boolean(caldicott_principles)
} else := "does_not_apply"

status_caldicott_guardian := "applies" if {
	caldicott_guardian_check == true
} else := "undetermined" if {
	not is_boolean(caldicott_guardian_check)
} else := "does_not_apply"

status_dcb0160_clinical_risk_management_system := "applies" if {
	dcb0160_risk_management_system == true
} else := "undetermined" if {
	not is_boolean(dcb0160_risk_management_system)
} else := "does_not_apply"

status_dcb0160_clinical_risk_assessment := "applies" if {
	dcb0160_risk_assessment == true
} else := "undetermined" if {
	not is_boolean(dcb0160_risk_assessment)
} else := "does_not_apply"

status_dcb0160_verify_developer_dcb0129 := "applies" if {
	dcb0160_check_dcb0129_eff == true
} else := "applies" if {
	dcb0129_non_compliant_do_not_adopt == true
} else := "undetermined" if {
	not is_boolean(dcb0160_check_dcb0129_eff)
} else := "undetermined" if {
	not is_boolean(dcb0129_non_compliant_do_not_adopt)
} else := "does_not_apply"

status_iso_80001_connected_medical_device := "applies" if {
	iso_80001_connected_device == true
} else := "undetermined" if {
	not is_boolean(iso_80001_connected_device)
} else := "does_not_apply"

status_article_6_lawful_basis := "applies" if {
	article_6 == true
} else := "undetermined" if {
	not is_boolean(article_6)
} else := "does_not_apply"

status_article_9_condition := "applies" if {
	article_9 == true
} else := "undetermined" if {
	not is_boolean(article_9)
} else := "does_not_apply"

status_research_lawful_basis_and_condition := "applies" if {
	research_basis_eff == true
} else := "applies" if {
	research_basis_public_task == true
} else := "applies" if {
	research_basis_legitimate_interests == true
} else := "undetermined" if {
	not is_boolean(research_basis_eff)
} else := "undetermined" if {
	not is_boolean(research_basis_public_task)
} else := "undetermined" if {
	not is_boolean(research_basis_legitimate_interests)
} else := "does_not_apply"

status_privacy_notice := "applies" if {
	privacy_notice == true
} else := "applies" if {
	privacy_notice_on_repurposing == true
} else := "undetermined" if {
	not is_boolean(privacy_notice)
} else := "undetermined" if {
	not is_boolean(privacy_notice_on_repurposing)
} else := "does_not_apply"

status_determine_if_research := "applies" if {
	determine_research == true
} else := "applies" if {
	distinguish_research_from_evaluation == true
} else := "undetermined" if {
	not is_boolean(determine_research)
} else := "undetermined" if {
	not is_boolean(distinguish_research_from_evaluation)
} else := "does_not_apply"

status_research_approvals := "applies" if {
	research_approvals_needed == true
} else := "undetermined" if {
	not is_boolean(research_approvals_needed)
} else := "does_not_apply"

status_hra_approval_anonymised_nhs_data := "applies" if {
	hra_approval_even_if_anonymous == true
} else := "undetermined" if {
	not is_boolean(hra_approval_even_if_anonymous)
} else := "does_not_apply"

status_clinical_investigation_approval := "applies" if {
	clinical_investigation_needs_approval_eff == true
} else := "applies" if {
	clinical_investigation_rec_unmarked == true
} else := "undetermined" if {
	not is_boolean(clinical_investigation_needs_approval_eff)
} else := "undetermined" if {
	not is_boolean(clinical_investigation_rec_unmarked)
} else := "does_not_apply"

status_mhra_clinical_investigation_notification := "applies" if {
	notify_mhra == true
} else := "undetermined" if {
	not is_boolean(notify_mhra)
} else := "does_not_apply"

status_clinical_investigation_cag_application := "applies" if {
	cag_application == true
} else := "undetermined" if {
	not is_boolean(cag_application)
} else := "does_not_apply"

status_national_data_opt_out := "applies" if {
	opt_out_dissemination == true
} else := "applies" if {
	opt_out_own_processing_eff == true
} else := "undetermined" if {
	not is_boolean(opt_out_dissemination)
} else := "undetermined" if {
	not is_boolean(opt_out_own_processing_eff)
} else := "does_not_apply"

status_research_only_device_ethics := "applies" if {
	research_only_device_local_ethics == true
} else := "undetermined" if {
	not is_boolean(research_only_device_local_ethics)
} else := "does_not_apply"

status_psed_general_duty := "applies" if {
	psed_general_duty == true
} else := "undetermined" if {
	not is_boolean(psed_general_duty)
} else := "does_not_apply"

status_psed_specific_duties_eia_procurement := "applies" if {
	psed_specific_duties_eia_procurement == true
} else := "undetermined" if {
	not is_boolean(psed_specific_duties_eia_procurement)
} else := "does_not_apply"

status_psed_specific_duties_objectives_publication := "applies" if {
	psed_specific_duties_objectives_publication == true
} else := "undetermined" if {
	not is_boolean(psed_specific_duties_objectives_publication)
} else := "does_not_apply"

status_care_team_sharing_legal_basis_check := "applies" if {
	care_team_sharing_check_eff == true
} else := "undetermined" if {
	not is_boolean(care_team_sharing_check_eff)
} else := "does_not_apply"

# The entry point: every translated obligation's status, as Ward spells it.
status := {
	"dpia-consider": status_dpia_consider,
	"dpia": status_dpia,
	"dpia-keep-live": status_dpia_keep_live,
	"nis-security-measures": status_nis_security_measures,
	"nis-incident-report-72h": status_nis_incident_report_72h,
	"dspt-assessment": status_dspt_assessment,
	"cyber-essentials-public-contracts": status_cyber_essentials_public_contracts,
	"yellow-card-report": status_yellow_card_report,
	"hfs-adverse-incident-report-scotland": status_hfs_adverse_incident_report_scotland,
	"care-inspectorate-report-scotland-private": status_care_inspectorate_report_scotland_private,
	"ni-device-reporting-eu-mdr": status_ni_device_reporting_eu_mdr,
	"notify-developer-adverse-incident": status_notify_developer_adverse_incident,
	"developer-incident-reporting-corrective-action": status_developer_incident_reporting_corrective_action,
	"ico-registration": status_ico_registration,
	"cqc-regulated-activity-check": status_cqc_regulated_activity_check,
	"cqc-registration": status_cqc_registration,
	"cqc-continuing-compliance": status_cqc_continuing_compliance,
	"cqc-inspection-evidence": status_cqc_inspection_evidence,
	"devolved-care-regulator-check": status_devolved_care_regulator_check,
	"dtac-assessment": status_dtac_assessment,
	"dtac-contract-renewal-review": status_dtac_contract_renewal_review,
	"nhs-number-assurance": status_nhs_number_assurance,
	"third-party-component-crm": status_third_party_component_crm,
	"data-sharing-agreement": status_data_sharing_agreement,
	"controller-processor-contract": status_controller_processor_contract,
	"cldc-legal-basis": status_cldc_legal_basis,
	"caldicott-principles": status_caldicott_principles,
	"caldicott-guardian": status_caldicott_guardian,
	"dcb0160-clinical-risk-management-system": status_dcb0160_clinical_risk_management_system,
	"dcb0160-clinical-risk-assessment": status_dcb0160_clinical_risk_assessment,
	"dcb0160-verify-developer-dcb0129": status_dcb0160_verify_developer_dcb0129,
	"iso-80001-connected-medical-device": status_iso_80001_connected_medical_device,
	"article-6-lawful-basis": status_article_6_lawful_basis,
	"article-9-condition": status_article_9_condition,
	"research-lawful-basis-and-condition": status_research_lawful_basis_and_condition,
	"privacy-notice": status_privacy_notice,
	"determine-if-research": status_determine_if_research,
	"research-approvals": status_research_approvals,
	"hra-approval-anonymised-nhs-data": status_hra_approval_anonymised_nhs_data,
	"clinical-investigation-approval": status_clinical_investigation_approval,
	"mhra-clinical-investigation-notification": status_mhra_clinical_investigation_notification,
	"clinical-investigation-cag-application": status_clinical_investigation_cag_application,
	"national-data-opt-out": status_national_data_opt_out,
	"research-only-device-ethics": status_research_only_device_ethics,
	"psed-general-duty": status_psed_general_duty,
	"psed-specific-duties-eia-procurement": status_psed_specific_duties_eia_procurement,
	"psed-specific-duties-objectives-publication": status_psed_specific_duties_objectives_publication,
	"care-team-sharing-legal-basis-check": status_care_team_sharing_legal_basis_check,
}
