-- The distinct offerors of the gifts register. xref.rules.stage_public_bodies classifies each with the public-body
-- list ([policy] public_body_offerors; xref/public_bodies.py) into the table xref_public_body_offerors (offeror,
-- pattern, kind, source): the one home of the exemption, read by the gifts rules (R001-R007, R021) and by
-- public_body_exemptions.sql.
select distinct offeror
from stg_gifts
where offeror is not null
order by offeror
