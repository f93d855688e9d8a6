"""What each register looks like: canonical fields, their types, the headings real registers use for them.

Headings are compared after :func:`heading_key` (case, spaces, punctuation and line breaks ignored), so
``"Value (£)"``, ``"VALUE"`` and a heading split over two lines are the same heading. Aliases are listed in
priority order: when a file has two headings that could fill one field, the earlier alias wins.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

FieldType = Literal["text", "date", "money", "company_number", "vat_number", "mcc", "person", "supplier", "birth_month"]


@dataclass(frozen=True)
class Field:
    """One canonical field of a register."""

    name: str
    type: FieldType
    aliases: tuple[str, ...]
    required_column: bool = False
    required_value: bool = False
    description: str = ""
    signed: bool = True
    """A money field that may be negative (a refund, a credit note). A negative gift or contract value is a typing
    error: it is left empty with an issue (``negative_value``) rather than cancel other values in a total."""
    event_label: str = ""
    """For a date field: what happened on that date, as a case card's timeline says it ("contract awarded")."""
    may_be_future: bool = False
    """A required date that may lie after the run date (a leaver who has given notice); others are quarantined."""
    vocabulary: str | None = None
    """The small vocabulary the field's text is classified into (a key of :data:`xref.validate.VOCABULARIES`); the
    text as written is staged beside it as ``<field>_raw``."""
    vocabulary_fallback: str | None = None
    """The field classified instead when this one is empty (a gift's kind read from its description)."""
    not_a_person: str = ""
    """A pattern that, matching the field's text, says the row records a company or a statement rather than a
    person (a corporate director, a corporate PSC, a "no registrable person" statement): such rows are quarantined
    as ``not_a_person``, since there is nobody in them to compare with the staff list."""
    from_parts: tuple[str, str] | tuple[()] = ()
    """For a ``birth_month`` field: the year and month fields it is built from when it is empty (Companies House
    writes ``date_of_birth`` as ``{"month": 2, "year": 1977}``)."""


@dataclass(frozen=True)
class Register:
    """One kind of input file (contracts, cards, ...)."""

    name: str
    title: str
    option: str
    fields: tuple[Field, ...]
    id_field: str | None
    supplier_field: str | None
    person_field: str | None
    event_date: str | None = None
    """The date of the event a row records: case cards count a person's or supplier's rows within a window by it
    (:func:`xref.context.window_start`). A register without one (contracts) is shown whatever its dates."""
    declarations: bool = False
    """A register of declarations (gifts, interests): a "Nil return" line anywhere in it is a nil return, while in a
    register of transactions only a line with no date is."""
    people_list: bool = False
    """The staff list: every other register's people are resolved against its rows, which get ``staff_id_key``."""
    reference_only: bool = False
    """Rows that qualify other rows (the staff list, who decided each contract) and are never a flag's evidence."""
    summary: Literal["", "period", "all"] = ""
    """What summary.html counts of it (:mod:`xref.summary`): the period's rows, every row, or nothing."""
    context_by_person: bool = True
    """Whether a case card reads this register's rows by the flagged person as well as by supplier
    (:func:`xref.staging.related_rows`). Card spend is counted per flagged supplier only (:mod:`xref.context`), so its
    cardholders' other payments, most of the national set's rows, are not read back."""
    json_records: str = ""
    """Where a JSON file of this register keeps its records when the path names none (``file.json#items``): the
    Companies House officer list's ``items``."""

    def field(self, name: str) -> Field:
        """Return the field called ``name``."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def name_id_column(self) -> str | None:
        """Column holding the matcher's id for this register's supplier text (``supplier_name_id``...)."""
        if not self.supplier_field:
            return None
        return self.supplier_field.removesuffix("_name") + "_name_id"

    @property
    def field_names(self) -> tuple[str, ...]:
        """Canonical field names in order."""
        return tuple(f.name for f in self.fields)


@functools.lru_cache(maxsize=65_536)  # every file's heading scan asks again for every alias of its register
def heading_key(heading: str) -> str:
    """Compare headings case-, space- and punctuation-insensitively (line breaks included)."""
    text = unicodedata.normalize("NFKC", heading).casefold()
    return re.sub(r"[^0-9a-z]+", "", text)


def _f(
    name: str,
    type_: FieldType,
    *aliases: str,
    required_column: bool = False,
    required_value: bool = False,
    description: str = "",
    signed: bool = True,
    event_label: str = "",
    may_be_future: bool = False,
    vocabulary: str | None = None,
    vocabulary_fallback: str | None = None,
    not_a_person: str = "",
    from_parts: tuple[str, str] | tuple[()] = (),
) -> Field:
    return Field(
        name,
        type_,
        (name, *aliases),
        required_column,
        required_value,
        description,
        signed,
        event_label,
        may_be_future,
        vocabulary,
        vocabulary_fallback,
        not_a_person,
        from_parts,
    )


CONTRACTS = Register(
    name="contracts",
    title="Contracts register",
    option="--contracts",
    id_field="contract_id",
    supplier_field="supplier_name",
    person_field="approver",
    fields=(
        _f(
            "contract_id",
            "text",
            "contract reference",
            "contract ref",
            "contract reference number",
            "reference number",
            "contract number",
            "contract no",
            "reference",
            "ref",
            "notice identifier",
            "ocid",
            "id",
            description="the register's own reference for the contract",
        ),
        _f(
            "supplier_name",
            "supplier",
            "supplier",
            "supplier name",
            "contractor",
            "contractor name",
            "vendor",
            "supplier details",
            "awarded supplier",
            "awarded to",
            "provider",
            "supplier name and details",
            required_column=True,
            required_value=True,
            description="who the contract was awarded to",
        ),
        _f(
            "award_date",
            "date",
            "date awarded",
            "contract award date",
            "date of award",
            "awarded date",
            "decision date",
            "awarded",
            "date of decision",
            required_column=True,
            required_value=True,
            description="the award (decision) date, not the notice publication date",
            event_label="contract awarded",
        ),
        _f(
            "value",
            "money",
            "contract value",
            "total value",
            "total contract value",
            "value",
            "award value",
            "contract award value",
            "original value",
            "sum to be paid",
            "estimated value",
            "amount",
            description="contract value in £",
            signed=False,
        ),
        _f(
            "supplier_company_number",
            "company_number",
            "supplier company number",
            "company number",
            "supplier registered company number",
            "registered company number",
            "companies house number",
            "company registration number",
            "company reg no",
            "registration number",
            description="Companies House number (zero-padded to 8 characters)",
        ),
        _f(
            "title",
            "text",
            "contract title",
            "title of agreement",
            "title",
            "contract name",
            "contract description",
            "description",
            "description of goods services",
        ),
        _f(
            "department",
            "text",
            "department responsible",
            "department",
            "directorate",
            "service area",
            "business area",
            "command",
        ),
        _f(
            "route",
            "text",
            "procurement route",
            "route",
            "procurement method",
            "procurement procedure",
            "award procedure",
            "procedure",
            "procedure type",
            "route to market",
            "invitation to quote or tender",
        ),
        _f(
            "tender_start_date",
            "date",
            "tender start date",
            "tender published date",
            "date tender published",
            "tender issue date",
            "tender publication date",
            "procurement start date",
            event_label="tender opened",
        ),
        _f(
            "tender_end_date",
            "date",
            "tender end date",
            "tender deadline",
            "tender closing date",
            "closing date",
            "tender return date",
            event_label="tender closed",
        ),
        _f(
            "start_date",
            "date",
            "contract start date",
            "start date",
            "commencement date",
            "start",
            event_label="contract started",
        ),
        _f(
            "end_date",
            "date",
            "contract end date",
            "end date",
            "expiry date",
            "contract expiry date",
            "end",
            event_label="contract ends",
        ),
        _f("approver", "person", "approver", "approved by", "decision maker", "authorised by", "awarded by"),
    ),
)

CARDS = Register(
    name="cards",
    event_date="transaction_date",
    summary="period",
    context_by_person=False,
    title="Procurement-card transactions",
    option="--cards",
    id_field="transaction_id",
    supplier_field="merchant_name",
    person_field="cardholder",
    fields=(
        _f(
            "transaction_id",
            "text",
            "transaction id",
            "transaction number",
            "transaction no",
            "transaction ref",
            "transaction reference",
            "txn id",
            "trans no",
            "reference",
            "ref",
        ),
        _f(
            "transaction_date",
            "date",
            "transaction date",
            "date of transaction",
            "fin transaction date",
            "txn date",
            "occurred date",
            "purchase date",
            "payment date",
            "date",
            required_column=True,
            required_value=True,
            event_label="card transaction",
        ),
        _f(
            "merchant_name",
            "supplier",
            "merchant name",
            "mch merchant name",
            "merchant",
            "beneficiary name",
            "beneficiary",
            "merchant details",
            "supplier name",
            "supplier",
            "creditor name",
            "payee",
            required_column=True,
            required_value=True,
            description="the merchant as it appears on the statement",
        ),
        _f(
            "amount",
            "money",
            "amount",
            "transaction amount",
            "fin transaction amount",
            "gross amount",
            "billing amount",
            "amount gbp",
            "value",
            "net amount",
            "total",
            required_column=True,
            required_value=True,
        ),
        _f(
            "card_id",
            "text",
            "card number",
            "card no",
            "card id",
            "card last 4",
            "card last four digits",
            "masked card number",
            description="the card used (R011/R015 group by card, else by cardholder)",
        ),
        _f(
            "cardholder",
            "person",
            "cardholder",
            "cardholder name",
            "card holder",
            "card holder name",
            "name on card",
            "employee",
            "employee name",
            "staff name",
        ),
        _f(
            "department",
            "text",
            "department",
            "organisational unit",
            "organisationalunit",
            "directorate",
            "local authority department",
            "service division",
            "service area",
            "business unit",
            "cost centre",
        ),
        _f(
            "mcc",
            "mcc",
            "mcc",
            "merchant category code",
            "merchantcategorycode",
            "merchant category number",
            "mcc code",
        ),
        _f(
            "description",
            "text",
            "description",
            "purpose",
            "summary of the purpose of expenditure",
            "justification",
            "transaction description",
            "category internal name",
            "merchant category",
            "expense type",
        ),
    ),
)

GIFTS = Register(
    name="gifts",
    event_date="offer_date",
    declarations=True,
    summary="period",
    title="Gifts & hospitality register",
    option="--gifts",
    id_field="entry_id",
    supplier_field="offeror",
    person_field="recipient",
    fields=(
        _f("entry_id", "text", "reference number", "entry id", "register reference", "reference", "ref", "id"),
        _f(
            "offer_date",
            "date",
            "date of offer",
            "date offered",
            "offer date",
            "date received",
            "date of hospitality",
            "date of gift",
            "received date",
            "date",
            required_column=True,
            required_value=True,
            event_label="offer made",
        ),
        _f(
            "recipient",
            "person",
            "recipient",
            "recipient name",
            "name of recipient",
            "member of staff",
            "member of staff team",
            "staff member",
            "officer",
            "offered to",
            "received by",
            "declared by",
            "minister",
            "member",
            "name",
            required_column=True,
        ),
        _f(
            "offeror",
            "supplier",
            "offeror",
            "offered by",
            "donor",
            "donor name",
            "provider",
            "name of organisation",
            "individual or organisation that offered hospitality",
            "who gift was given to or received from",
            "organisation",
            "company",
            "source",
            "from",
            required_column=True,
            required_value=True,
        ),
        _f(
            "description",
            "text",
            "description",
            "further details on the offer",
            "details",
            "nature of gift hospitality",
            "description of gift or hospitality",
            "type of hospitality received",
            "gift",
            "hospitality",
            "payment description",
            "hospitality type",
        ),
        _f(
            "direction",
            "text",
            "given or received",
            "gift given or received",
            description="'given' marks a gift given BY the member of staff: not an offer to them, set aside",
        ),
        _f(
            "offeror_company_number",
            "company_number",
            "offeror company number",
            "donor company identifier",
            "donor company number",
            "company number",
            "companies house number",
        ),
        _f(
            "value",
            "money",
            "value",
            "estimated value",
            "value gbp",
            "estimated value of hospitality",
            "approximate value",
            "value of gift",
            "est value",
            signed=False,
        ),
        _f(
            "status",
            "text",
            "status",
            "accepted or declined",
            "accepted declined",
            "whether the offer was accepted or declined",
            "outcome",
            "decision",
            "accepted refused",
            "accepted",
            vocabulary="gift_status",
        ),
        _f(
            "kind",
            "text",
            "kind",
            "gift or hospitality",
            "gift hospitality",
            "type",
            "category",
            vocabulary="gift_kind",
            vocabulary_fallback="description",
        ),
        _f("department", "text", "department", "team", "directorate", "business area", "unit"),
        _f(
            "declared_date",
            "date",
            "declared date",
            "date declared",
            "date registered",
            "date recorded",
            "registered",
            event_label="offer declared",
        ),
        _f(
            "approver",
            "person",
            "approved by",
            "approver",
            "authorised by",
            "authorized by",
            "authorising officer",
            "approving officer",
            description="who approved accepting the offer (R009: missing, or the recipient themselves)",
        ),
    ),
)

INTERESTS = Register(
    name="interests",
    declarations=True,
    summary="all",
    title="Second jobs / business interests register",
    option="--interests",
    id_field="entry_id",
    supplier_field="organisation",
    person_field="staff",
    fields=(
        _f("entry_id", "text", "reference number", "entry id", "reference", "ref", "id"),
        _f(
            "staff",
            "person",
            "staff",
            "staff name",
            "name",
            "employee",
            "employee name",
            "officer",
            "name of officer",
            "member",
            "declared by",
            required_column=True,
            required_value=True,
        ),
        _f(
            "organisation",
            "supplier",
            "organisation",
            "organisation name",
            "company",
            "company name",
            "business",
            "business name",
            "name of business",
            "employer",
            "payer name",
            "interest in",
            required_column=True,
            required_value=True,
        ),
        _f(
            "role",
            "text",
            "role",
            "position",
            "job title",
            "nature of interest",
            "capacity",
            "type of interest",
            "interest type",
            "category",
        ),
        _f(
            "status",
            "text",
            "status",
            "decision",
            "outcome",
            "approval status",
            "approved",
            vocabulary="interest_status",
        ),
        _f(
            "start_date",
            "date",
            "start date",
            "date from",
            "from",
            "commenced",
            "date registered",
            event_label="interest began",
        ),
        _f("end_date", "date", "end date", "date to", "to", "ceased", "date ceased", event_label="interest ended"),
        _f(
            "decision_date",
            "date",
            "decision date",
            "date of decision",
            "date approved",
            "approval date",
            "date authorised",
            event_label="interest approved or refused",
        ),
        _f(
            "review_date",
            "date",
            "review date",
            "last reviewed",
            "date reviewed",
            "last review date",
            description="when the entry was last reviewed (R025)",
            event_label="interest reviewed",
        ),
        _f(
            "review_due_date",
            "date",
            "next review date",
            "review due",
            "review due date",
            "date of next review",
            description="when the next review is due (R025: overdue when passed)",
            event_label="interest review due",
        ),
        _f(
            "company_number",
            "company_number",
            "company number",
            "companies house number",
            "registration number",
        ),
    ),
)

PAYMENTS = Register(
    name="payments",
    event_date="payment_date",
    title="Supplier payments (spend over £500)",
    option="--payments",
    id_field="payment_id",
    supplier_field="supplier_name",
    person_field=None,
    fields=(
        _f(
            "payment_id",
            "text",
            "payment id",
            "payment reference",
            "transaction number",
            "transaction no",
            "trans no",
            "voucher number",
            "reference",
            "ref",
        ),
        _f(
            "payment_date",
            "date",
            "payment date",
            "paid date",
            "date paid",
            "transaction date",
            "date",
            required_column=True,
            required_value=True,
            event_label="payment",
        ),
        _f(
            "supplier_name",
            "supplier",
            "supplier name",
            "supplier",
            "beneficiary name",
            "beneficiary",
            "payee",
            "vendor",
            "creditor name",
            required_column=True,
            required_value=True,
        ),
        _f(
            "amount",
            "money",
            "amount",
            "net amount",
            "value",
            "amount gbp",
            "total",
            "total invoice amount",
            required_column=True,
            required_value=True,
        ),
        _f(
            "department",
            "text",
            "department",
            "expense area",
            "service area",
            "organisational unit",
            "directorate",
        ),
        _f(
            "description",
            "text",
            "description",
            "purpose",
            "expense type",
            "proclass label",
        ),
        _f("supplier_company_number", "company_number", "supplier company number", "company number"),
        _f("vat_number", "vat_number", "vat registration number", "vat reg no", "vat number", "vat no"),
        _f("supplier_id", "text", "supplier id", "beneficiary other id", "creditor id", "vendor id"),
    ),
)

STAFF = Register(
    name="staff",
    people_list=True,
    reference_only=True,
    title="Staff list",
    option="--staff",
    id_field="staff_id",
    supplier_field=None,
    person_field="name",
    fields=(
        _f(
            "staff_id",
            "text",
            "staff id",
            "staff number",
            "employee number",
            "employee id",
            "payroll number",
            "collar number",
            "warrant number",
            "id",
            required_column=True,
            required_value=True,
        ),
        _f(
            "name",
            "person",
            "name",
            "full name",
            "staff name",
            "employee name",
            required_column=True,
            required_value=True,
        ),
        _f("role", "text", "role", "job title", "rank", "rank grade", "position", "grade"),
        _f("department", "text", "department", "directorate", "unit", "command"),
        _f(
            "date_of_birth",
            "birth_month",
            "date of birth",
            "dob",
            "birth date",
            "month of birth",
            description="month and year of birth (HR's record); only the month and year are kept, to compare "
            "with Companies House officers (R027-R029)",
        ),
    ),
)

CONTRACT_ROLES = Register(
    name="contract_roles",
    reference_only=True,
    title="Contract decision roles",
    option="--contract-roles",
    id_field=None,
    supplier_field=None,
    person_field="staff",
    fields=(
        _f(
            "contract_id",
            "text",
            "contract id",
            "contract reference",
            "contract ref",
            "contract number",
            "reference",
            required_column=True,
            required_value=True,
        ),
        _f(
            "staff",
            "person",
            "staff",
            "staff name",
            "name",
            "officer",
            "staff id",
            "employee",
            required_column=True,
            required_value=True,
        ),
        _f("role", "text", "role", "capacity", "decision role", required_column=True, required_value=True),
    ),
)

LEAVERS = Register(
    name="leavers",
    title="Leavers and business appointments",
    option="--leavers",
    id_field=None,
    supplier_field="new_employer",
    person_field="staff",
    fields=(
        _f(
            "staff",
            "person",
            "staff",
            "name",
            "staff name",
            "employee",
            "employee name",
            "officer",
            "leaver",
            required_column=True,
            required_value=True,
        ),
        _f(
            "leaving_date",
            "date",
            "leaving date",
            "date left",
            "date of leaving",
            "termination date",
            "end date",
            "last day of service",
            required_column=True,
            required_value=True,
            event_label="left the force",
            may_be_future=True,
        ),
        _f(
            "new_employer",
            "supplier",
            "new employer",
            "business appointment",
            "proposed employer",
            "employer",
            "organisation",
            "company",
            required_column=True,
            description="where the leaver went: the new employer or business appointment notified (R022)",
        ),
        _f("role", "text", "role", "new role", "position", "job title"),
        _f("department", "text", "department", "directorate", "unit", "command"),
    ),
)

COMPANIES = Register(
    name="companies",
    title="Company details (e.g. from Companies House)",
    option="--companies",
    id_field="company_number",
    supplier_field="company_name",
    person_field=None,
    fields=(
        _f(
            "company_name",
            "supplier",
            "company name",
            "companyname",
            "name",
            "organisation",
            "supplier name",
            required_column=True,
            required_value=True,
        ),
        _f("company_number", "company_number", "company number", "companynumber", "registration number"),
        _f(
            "incorporation_date",
            "date",
            "incorporation date",
            "incorporationdate",
            "date of creation",
            "date of incorporation",
            "incorporated",
            required_column=True,
            required_value=True,
            event_label="company incorporated",
        ),
        _f("status", "text", "company status", "companystatus", "status"),
    ),
)


def _birth_fields(prefix: str) -> tuple[Field, ...]:
    """A person's month and year of birth, written whole (``1977-02``) or in Companies House's two parts."""
    return (
        _f(
            "date_of_birth",
            "birth_month",
            "date of birth",
            "dob",
            "birth date",
            "month of birth",
            description="month and year of birth (Companies House publishes no day)",
            from_parts=("dob_year", "dob_month"),
        ),
        _f("dob_year", "text", f"{prefix}date_of_birth.year", "dob year", "year of birth", "birth year"),
        _f("dob_month", "text", f"{prefix}date_of_birth.month", "dob month", "birth month"),
    )


OFFICERS = Register(
    name="officers",
    title="Company officers (Companies House)",
    option="--officers",
    id_field=None,
    supplier_field="company_name",
    person_field="name",
    reference_only=False,
    json_records="items",
    fields=(
        _f(
            "company_number",
            "company_number",
            "company number",
            "companynumber",
            "company registration number",
            "registration number",
            # the API's officer list names the company only in its links: "/company/00006400/officers"
            "links.self",
            required_column=True,
            required_value=True,
            description="the company's Companies House number",
        ),
        _f("company_name", "supplier", "company name", "companyname", "company", "organisation"),
        _f(
            "name",
            "person",
            "name",
            "officer name",
            "officer",
            "full name",
            required_column=True,
            required_value=True,
            description="the officer as Companies House writes it: 'SURNAME, Forenames'",
        ),
        _f(
            "officer_role",
            "text",
            "officer role",
            "role",
            "appointment type",
            "position",
            required_column=True,
            required_value=True,
            not_a_person=r"(?i)^\s*corporate",
            description="director, secretary, llp-member...; a corporate officer is a company, not a person",
        ),
        _f(
            "appointed_on",
            "date",
            "appointed on",
            "appointment date",
            "date appointed",
            "appointed",
            event_label="appointed an officer",
        ),
        _f(
            "resigned_on",
            "date",
            "resigned on",
            "resignation date",
            "date resigned",
            "resigned",
            event_label="resigned as an officer",
        ),
        *_birth_fields(""),
    ),
)

PSC = Register(
    name="psc",
    title="Persons with significant control (Companies House)",
    option="--psc",
    id_field=None,
    supplier_field="company_name",
    person_field="name",
    fields=(
        _f(
            "company_number",
            "company_number",
            "company number",
            "companynumber",
            "company registration number",
            required_column=True,
            required_value=True,
            description="the company's Companies House number",
        ),
        _f("company_name", "supplier", "company name", "companyname", "company"),
        _f(
            "name",
            "person",
            "data.name",
            "name",
            "psc name",
            "person with significant control",
            required_column=True,
            required_value=True,
        ),
        _f(
            "kind",
            "text",
            "data.kind",
            "kind",
            "psc kind",
            "psc type",
            # individual-person-with-significant-control is a person; a corporate entity, a legal person, a
            # super-secure person and the snapshot's statements and totals line are not
            not_a_person=r"(?i)^\s*(?:corporate|legal|super|persons?-with-significant-control-statement|"
            r"persons?-with-significant-control-exemption|exemption|statement|totals)",
        ),
        _f(
            "natures_of_control",
            "text",
            "data.natures_of_control",
            "natures of control",
            "nature of control",
            "control",
        ),
        _f(
            "notified_on",
            "date",
            "data.notified_on",
            "notified on",
            "notification date",
            "date notified",
            event_label="notified as a person with significant control",
        ),
        _f(
            "ceased_on",
            "date",
            "data.ceased_on",
            "ceased on",
            "date ceased",
            "ceased",
            event_label="ceased to have significant control",
        ),
        *_birth_fields("data."),
    ),
)

REGISTERS: dict[str, Register] = {
    r.name: r
    for r in (CONTRACTS, CARDS, GIFTS, INTERESTS, PAYMENTS, STAFF, CONTRACT_ROLES, LEAVERS, COMPANIES, OFFICERS, PSC)
}
