-- zd_funds_totals(project_id) → one row of exact yuan (numeric, 2 places): the current budget (NULL if none was
-- set), deposits, executed disbursements by part and in total, and the balance = deposits − disbursements.
-- Each deposit or disbursement counts with the corrections made to it (signed amounts added to the entry).
CREATE OR REPLACE FUNCTION zd_funds_totals(p_project_id integer)
RETURNS TABLE (budget_yuan numeric, deposited_yuan numeric, acquisition_yuan numeric, resettlement_yuan numeric,
               working_yuan numeric, disbursed_yuan numeric, balance_yuan numeric)
LANGUAGE sql STABLE AS $$
  WITH effective AS (
    SELECT e.kind, e.part,
           e.amount_yuan + coalesce((SELECT sum(c.amount_yuan) FROM fund_entries c WHERE c.corrects_id = e.id), 0) AS yuan
    FROM fund_entries e
    WHERE e.project_id = p_project_id AND e.kind <> 'correction'
  ), sums AS (
    SELECT coalesce(sum(yuan) FILTER (WHERE kind = 'deposit'), 0) AS deposited,
           coalesce(sum(yuan) FILTER (WHERE part = 'acquisition'), 0) AS acquisition,
           coalesce(sum(yuan) FILTER (WHERE part = 'resettlement'), 0) AS resettlement,
           coalesce(sum(yuan) FILTER (WHERE part = 'working'), 0) AS working,
           coalesce(sum(yuan) FILTER (WHERE kind = 'disbursement'), 0) AS disbursed
    FROM effective
  )
  SELECT (SELECT b.budget_yuan FROM project_budgets b WHERE b.project_id = p_project_id ORDER BY b.id DESC LIMIT 1),
         round(deposited, 2), round(acquisition, 2), round(resettlement, 2), round(working, 2), round(disbursed, 2),
         round(deposited - disbursed, 2)
  FROM sums
$$;
COMMENT ON FUNCTION zd_funds_totals(integer) IS 'Budget, deposits, disbursements by part and balance of a project, exact yuan.';
