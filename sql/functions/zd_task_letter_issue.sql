-- zd_task_letter_issue(project_id, number, actor, note) → the new task letter's id. 怀政发[2014]2号: a
-- 征收补偿安置任务书 is issued only once the deposits (with their corrections) cover the project's current budget.
-- Under the funds lock; refuses (ZF001) NOT_FOUND, BUDGET_NOT_SET and DEPOSITS_BELOW_BUDGET (both figures).
-- A number already used raises unique_violation (23505).
CREATE OR REPLACE FUNCTION zd_task_letter_issue(p_project_id integer, p_number text, p_actor text, p_note text)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  t record;
  letter_id integer;
BEGIN
  PERFORM zd_funds_lock(p_project_id);
  SELECT * INTO t FROM zd_funds_totals(p_project_id);
  IF t.budget_yuan IS NULL THEN
    PERFORM zd_funds_refuse('BUDGET_NOT_SET', jsonb_build_object('project_id', p_project_id));
  ELSIF t.deposited_yuan < t.budget_yuan THEN
    PERFORM zd_funds_refuse('DEPOSITS_BELOW_BUDGET', jsonb_build_object(
      'deposited_yuan', t.deposited_yuan::text, 'budget_yuan', t.budget_yuan::text));
  END IF;
  INSERT INTO task_letters (project_id, number, budget_yuan, deposited_yuan, issued_by, note)
  VALUES (p_project_id, p_number, t.budget_yuan, t.deposited_yuan, p_actor, p_note)
  RETURNING id INTO letter_id;
  RETURN letter_id;
END $$;
