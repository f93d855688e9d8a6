-- The matcher's name ids of the name link behind each flag (the weakest, for grouped flags), so the report and
-- later reviews can show how the supplier names were matched.
alter table flags add column match_pair varchar[];
