import type { AlertRule, CreateAlertRuleBody } from '@dtwin/contracts/alerts';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { OutcomeBanner } from '../../components/OutcomeBanner';
import { PageHeader } from '../../components/PageHeader';
import { QueryView } from '../../components/QueryView';
import { useHttp } from '../../lib/http-context';
import { useConfirmation } from '../../lib/use-confirmation';
import { useOutcome } from '../../lib/use-outcome';
import { useQuery } from '../../lib/use-query';
import { useAssets } from '../assets/AssetSelect';
import { createRule, deleteRule, listRules, loadRuleChoices, updateRule } from './alert-rules-api';
import { emptyRule, valuesFromRule } from './rule-form';
import { RuleForm } from './RuleForm';
import { RulesTable } from './RulesTable';
import './AlertsPage.css';

type Editing = { mode: 'create' } | { mode: 'edit'; rule: AlertRule } | null;

export function AlertRulesPage() {
  const http = useHttp();
  const rules = useQuery(['alert-rules'], (signal) => listRules(http, signal));
  const choices = useQuery(['alert-rule-choices'], (signal) => loadRuleChoices(http, signal));
  const assets = useAssets();
  const assetNames = useMemo(() => new Map(assets.data?.map((a) => [a.id, a.name])), [assets.data]);
  const [editing, setEditing] = useState<Editing>(null);
  const outcome = useOutcome();
  const deleting = useConfirmation(async (rule: AlertRule) => {
    await deleteRule(http, rule.id);
    rules.update((list) => list.filter((r) => r.id !== rule.id));
    outcome.succeeded(`${rule.name} was deleted; its open alerts have cleared.`);
  });

  async function save(body: CreateAlertRuleBody) {
    if (editing?.mode === 'edit') {
      const saved = await updateRule(http, editing.rule.id, body);
      rules.update((list) => list.map((r) => (r.id === saved.id ? saved : r)));
      outcome.succeeded(`${saved.name} was saved.`);
    } else {
      const saved = await createRule(http, body);
      rules.update((list) => [...list, saved]);
      outcome.succeeded(`${saved.name} was created${saved.enabled ? ' and is being evaluated' : ''}.`);
    }
    setEditing(null);
  }

  return (
    <>
      <PageHeader
        title="Alert rules"
        description={
          <>
            When an alert is raised, and whom it notifies. <Link to="/alerts">See the alerts</Link>.
          </>
        }
        actions={
          editing === null && (
            <Button
              variant="primary"
              onClick={() => {
                outcome.clear();
                setEditing({ mode: 'create' });
              }}
            >
              New rule
            </Button>
          )
        }
      />
      {choices.error !== null && (
        <ErrorBanner
          title="Could not load the devices, models and channels to choose from"
          error={choices.error}
          onRetry={choices.reload}
        />
      )}
      {editing && (
        <RuleForm
          key={editing.mode === 'edit' ? editing.rule.id : 'new'}
          title={editing.mode === 'edit' ? `Edit ${editing.rule.name}` : 'New alert rule'}
          submitLabel={editing.mode === 'edit' ? 'Save rule' : 'Create rule'}
          initial={editing.mode === 'edit' ? valuesFromRule(editing.rule) : emptyRule}
          choices={choices.data}
          onSubmit={save}
          onCancel={() => setEditing(null)}
        />
      )}
      <OutcomeBanner outcome={outcome.outcome} onDismiss={outcome.clear} />
      <QueryView
        query={rules}
        errorTitle="Could not load the alert rules"
        loadingLabel="Loading alert rules…"
      >
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No alert rules">
              <p>Without rules, no alerts are raised. Add one with “New rule”.</p>
            </EmptyState>
          ) : (
            <RulesTable
              rules={list}
              channels={choices.data?.channels}
              assetNames={assetNames}
              busy={rules.loading}
              onEdit={(rule) => {
                outcome.clear();
                setEditing({ mode: 'edit', rule });
              }}
              onDelete={deleting.ask}
            />
          )
        }
      </QueryView>
      {deleting.target && (
        <ConfirmDialog
          title={`Delete ${deleting.target.name}?`}
          confirmLabel="Delete rule"
          {...deleting.dialog}
        >
          <p>Its open alerts clear at once, and it raises no new ones. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
