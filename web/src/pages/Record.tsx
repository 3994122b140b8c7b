import { useMemo, useState } from 'react';
import { ApiProblem, send } from '../api';
import { useQueryParam } from '../router';
import { useSession } from '../session';

/**
 * Forms for the people who enter the data. Each form posts one command to its API route; the
 * server validates and decides, and its error is shown next to the field it names.
 */

type FieldType = 'text' | 'int' | 'date' | 'select' | 'checkbox' | 'decimal';

interface Field {
  /** The body path, as the server names it in errors: "value.amount", "lines[0].quantity". */
  readonly path: string;
  readonly label: string;
  readonly type?: FieldType;
  readonly options?: readonly string[];
  readonly required?: boolean;
  readonly placeholder?: string;
  /** Pre-filled from the signed-in account's party. */
  readonly fromParty?: (partyId: string) => string;
}

interface LineGroup {
  readonly name: 'lines';
  readonly label: string;
  readonly fields: readonly (Omit<Field, 'path'> & { readonly key: string })[];
}

interface FormSpec {
  readonly id: string;
  readonly title: string;
  readonly roles: readonly string[];
  readonly url: (values: Readonly<Record<string, string>>) => string;
  readonly fields: readonly Field[];
  readonly lines?: LineGroup;
  readonly pathFields?: readonly string[];
}

const today = () => new Date().toISOString().slice(0, 10);
/** Lines one form sends; larger packages come through `aidtrace apply` or POST /api/commands. */
const lineRowsMax = 50;
const currencies = ['EUR', 'USD', 'GBP', 'NOK', 'SEK', 'DKK', 'CAD', 'PLN', 'CHF', 'JPY'];

const forms: readonly FormSpec[] = [
  {
    id: 'contribution',
    title: 'Contribution',
    roles: ['admin', 'donor'],
    url: () => '/api/contributions',
    fields: [
      { path: 'contributionId', label: 'Contribution id', required: true, placeholder: 'CON-NLD-2026-1' },
      { path: 'donorId', label: 'Donor', required: true, fromParty: (p) => p },
      { path: 'kind', label: 'Kind', type: 'select', options: ['money', 'in_kind', 'capability'], required: true },
      { path: 'stage', label: 'Stage', type: 'select', options: ['announced', 'committed'], required: true },
      { path: 'value.amount', label: 'Amount', type: 'decimal', required: true, placeholder: '250000000.00' },
      { path: 'value.currency', label: 'Currency', type: 'select', options: currencies, required: true },
      { path: 'at', label: 'Date', type: 'date', required: true },
      { path: 'category', label: 'Category', required: true, placeholder: 'air_defence' },
      { path: 'description', label: 'Description', required: true },
      { path: 'packageId', label: 'Package (optional)', placeholder: 'PURL-NLD-1' },
    ],
  },
  {
    id: 'transfer',
    title: 'Payment (transfer)',
    roles: ['admin', 'donor', 'coordinator'],
    url: () => '/api/transfers',
    fields: [
      { path: 'fromAccount', label: 'From account', required: true, fromParty: (p) => `donor:${p}`, placeholder: 'donor:NLD' },
      { path: 'toAccount', label: 'To account', required: true, placeholder: 'package:PURL-NLD-1' },
      { path: 'amount.amount', label: 'Amount', type: 'decimal', required: true },
      { path: 'amount.currency', label: 'Currency', type: 'select', options: currencies, required: true },
      { path: 'valueDate', label: 'Value date', type: 'date', required: true },
      { path: 'contributionId', label: 'Pays contribution (optional)' },
      { path: 'memo', label: 'Memo (optional)' },
    ],
  },
  {
    id: 'requirement',
    title: 'Requirement',
    roles: ['admin', 'recipient'],
    url: () => '/api/requirements',
    fields: [
      { path: 'requirementId', label: 'Requirement id', required: true, placeholder: 'REQ-UKR-20' },
      { path: 'recipientId', label: 'Recipient', required: true, fromParty: (p) => p },
      { path: 'category', label: 'Category', required: true, placeholder: 'air_defence' },
      { path: 'description', label: 'Description', required: true },
      { path: 'quantity', label: 'Quantity', type: 'int', required: true },
      { path: 'unit', label: 'Unit', required: true, placeholder: 'systems' },
      { path: 'priority', label: 'Priority (1 = first)', type: 'int', required: true },
      { path: 'neededBy', label: 'Needed by', type: 'date', required: true },
    ],
  },
  {
    id: 'package',
    title: 'Package',
    roles: ['admin', 'coordinator'],
    url: () => '/api/packages',
    fields: [
      { path: 'packageId', label: 'Package id', required: true, placeholder: 'PURL-NLD-2' },
      { path: 'title', label: 'Title', required: true },
      { path: 'recipientId', label: 'Recipient', required: true, placeholder: 'UKR' },
      { path: 'coordinatorId', label: 'Coordinator', required: true, placeholder: 'NATO' },
      { path: 'currency', label: 'Currency', type: 'select', options: currencies, required: true },
      { path: 'proposedAt', label: 'Proposed on', type: 'date', required: true },
    ],
    lines: {
      name: 'lines',
      label: 'Line items',
      fields: [
        { key: 'lineId', label: 'Line id' },
        { key: 'item', label: 'Item' },
        { key: 'category', label: 'Category' },
        { key: 'quantity', label: 'Quantity', type: 'int' },
        { key: 'unitValue', label: 'Unit value', type: 'decimal' },
        { key: 'requirementId', label: 'Requirement' },
        { key: 'sensitive', label: 'Sensitive', type: 'checkbox' },
      ],
    },
  },
  {
    id: 'approve',
    title: 'Approve package',
    roles: ['admin', 'coordinator'],
    url: (values) => `/api/packages/${encodeURIComponent(values.packageId ?? '')}/approve`,
    pathFields: ['packageId'],
    fields: [
      { path: 'packageId', label: 'Package', required: true },
      { path: 'at', label: 'Approved on', type: 'date', required: true },
    ],
  },
  {
    id: 'contract',
    title: 'Contract',
    roles: ['admin', 'coordinator'],
    url: () => '/api/contracts',
    fields: [
      { path: 'contractId', label: 'Contract id', required: true, placeholder: 'C-NLD-2' },
      { path: 'packageId', label: 'Package', required: true },
      { path: 'producerId', label: 'Producer', required: true, placeholder: 'USA' },
      { path: 'currency', label: 'Currency', type: 'select', options: currencies, required: true },
      { path: 'signedOn', label: 'Signed on', type: 'date', required: true },
      { path: 'deliveryDue', label: 'Delivery due', type: 'date', required: true },
    ],
    lines: {
      name: 'lines',
      label: 'Contract lines',
      fields: [
        { key: 'lineId', label: 'Line id' },
        { key: 'packageLineId', label: 'Package line' },
        { key: 'quantity', label: 'Quantity', type: 'int' },
        { key: 'unitPrice', label: 'Unit price', type: 'decimal' },
      ],
    },
  },
  {
    id: 'shipment',
    title: 'Shipment dispatched',
    roles: ['admin', 'coordinator', 'producer'],
    url: () => '/api/shipments',
    fields: [
      { path: 'shipmentId', label: 'Shipment id', required: true, placeholder: 'S-NLD-3' },
      { path: 'contractId', label: 'Contract', required: true },
      { path: 'dispatchedAt', label: 'Dispatched on', type: 'date', required: true },
      { path: 'expectedBy', label: 'Expected by', type: 'date', required: true },
      { path: 'route', label: 'Route (withheld from the public)' },
    ],
    lines: {
      name: 'lines',
      label: 'Goods',
      fields: [
        { key: 'contractLineId', label: 'Contract line' },
        { key: 'quantity', label: 'Quantity', type: 'int' },
      ],
    },
  },
  {
    id: 'milestone',
    title: 'Shipment milestone',
    roles: ['admin', 'coordinator', 'producer'],
    url: (values) => `/api/shipments/${encodeURIComponent(values.shipmentId ?? '')}/milestones`,
    pathFields: ['shipmentId'],
    fields: [
      { path: 'shipmentId', label: 'Shipment', required: true },
      { path: 'kind', label: 'Milestone', type: 'select', options: ['at_hub', 'handed_over'], required: true },
      { path: 'at', label: 'On', type: 'date', required: true },
      { path: 'location', label: 'Location (withheld from the public)' },
    ],
  },
  {
    id: 'receipt',
    title: 'Receipt',
    roles: ['admin', 'recipient'],
    url: () => '/api/receipts',
    fields: [
      { path: 'receiptId', label: 'Receipt id', required: true, placeholder: 'R-S-NLD-3' },
      { path: 'shipmentId', label: 'Shipment', required: true },
      { path: 'receivedAt', label: 'Received on', type: 'date', required: true },
    ],
    lines: {
      name: 'lines',
      label: 'Per line: accepted + rejected = shipped',
      fields: [
        { key: 'contractLineId', label: 'Contract line' },
        { key: 'accepted', label: 'Accepted', type: 'int' },
        { key: 'rejected', label: 'Rejected', type: 'int' },
        { key: 'reason', label: 'Reason for rejection' },
      ],
    },
  },
];

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    node[part] ??= {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] as string] = value;
}

function converted(type: FieldType | undefined, raw: string): unknown {
  if (type === 'int') return /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
  if (type === 'checkbox') return raw === 'true';
  return raw.trim();
}

/** The request body, and for each server path of a line the form's own row index. */
function bodyOf(spec: FormSpec, values: Readonly<Record<string, string>>, lineRows: number): { body: Record<string, unknown>; rowOf: Map<number, number> } {
  const body: Record<string, unknown> = {};
  for (const field of spec.fields) {
    if (spec.pathFields?.includes(field.path)) continue;
    const raw = values[field.path] ?? '';
    if (raw.trim() !== '') setPath(body, field.path, converted(field.type, raw));
  }
  const rowOf = new Map<number, number>();
  if (spec.lines) {
    const lines: Record<string, unknown>[] = [];
    for (let row = 0; row < lineRows; row += 1) {
      const line: Record<string, unknown> = {};
      for (const field of spec.lines.fields) {
        const raw = values[`lines[${row}].${field.key}`] ?? '';
        if (field.type === 'checkbox' ? raw === 'true' : raw.trim() !== '') line[field.key] = converted(field.type, raw);
      }
      if (Object.keys(line).length === 0) continue;
      rowOf.set(lines.length, row);
      lines.push(line);
    }
    body.lines = lines;
  }
  return { body, rowOf };
}

function newKey(): string {
  return `web-${crypto.randomUUID()}`;
}

export function Record() {
  const { session } = useSession();
  const mine = forms.filter((form) => session.role === 'admin' || form.roles.includes(session.role));
  const [formId, setFormId] = useQueryParam('form', mine[0]?.id ?? '');
  const spec = mine.find((form) => form.id === formId) ?? mine[0];
  if (session.role === 'public') return <p className="notice">Sign in to record anything.</p>;
  if (!spec) return <p className="notice">The {session.role} role records nothing: it reads.</p>;
  return (
    <section>
      <h1>Record</h1>
      <div className="segmented wrap" role="tablist" aria-label="What to record">
        {mine.map((form) => (
          <button key={form.id} type="button" role="tab" aria-selected={form.id === spec.id} className={form.id === spec.id ? 'on' : ''} onClick={() => setFormId(form.id)} data-testid={`form-tab-${form.id}`}>
            {form.title}
          </button>
        ))}
      </div>
      <CommandForm key={spec.id} spec={spec} partyId={session.partyId ?? null} />
    </section>
  );
}

function CommandForm({ spec, partyId }: { readonly spec: FormSpec; readonly partyId: string | null }) {
  const initial = useMemo(() => {
    const values: Record<string, string> = {};
    for (const field of spec.fields) {
      if (field.fromParty && partyId) values[field.path] = field.fromParty(partyId);
      if (field.type === 'date') values[field.path] = today();
      if (field.type === 'select' && field.options) values[field.path] = field.options[0] ?? '';
    }
    return values;
  }, [spec, partyId]);
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState('');
  const [done, setDone] = useState('');
  const [key, setKey] = useState(newKey);
  const [busy, setBusy] = useState(false);
  const [lineRows, setLineRows] = useState(1);
  const set = (path: string, value: string) => setValues((current) => ({ ...current, [path]: value }));

  const submit = async () => {
    setBusy(true);
    setErrors({});
    setGeneral('');
    setDone('');
    const { body, rowOf } = bodyOf(spec, values, lineRows);
    try {
      const result = await send<{ commandId: string; status: string; events: { seq: number; type: string }[] }>('POST', spec.url(values), body, key);
      setDone(`${result.status === 'replayed' ? 'Already recorded' : 'Recorded'}: ${result.events.map((e) => e.type).join(', ')} (command ${result.commandId})`);
      setKey(newKey());
    } catch (error) {
      if (!(error instanceof ApiProblem)) {
        setGeneral(String(error));
        return;
      }
      const { path, detail } = error.problem;
      // Map the server's path (compacted line index) back to the form's row.
      const fieldPath = path?.replace(/^lines\[(\d+)\]/, (_m, index: string) => `lines[${rowOf.get(Number(index)) ?? index}]`);
      const known = fieldPath !== undefined && (spec.fields.some((f) => f.path === fieldPath) || /^lines\[\d+\]\./.test(fieldPath));
      if (known && fieldPath) setErrors({ [fieldPath]: detail.replace(/^[^:]*: /, '') });
      else setGeneral(detail);
      // A refused command wrote nothing; the same key may be sent again once it is fixed.
    } finally {
      setBusy(false);
    }
  };

  const input = (path: string, field: Omit<Field, 'path'>, compact = false) => {
    const id = `f-${spec.id}-${path}`;
    const error = errors[path];
    const common = {
      id,
      name: path,
      'aria-invalid': error ? true : undefined,
      'aria-describedby': error ? `${id}-error` : undefined,
      'data-testid': `field-${path}`,
    } as const;
    return (
      <div key={path} className={`field ${compact ? 'compact' : ''} ${error ? 'has-error' : ''}`}>
        <label htmlFor={id}>
          {field.label}
          {field.required ? <span aria-hidden="true"> *</span> : null}
        </label>
        {field.type === 'select' ? (
          <select {...common} value={values[path] ?? ''} onChange={(e) => set(path, e.target.value)}>
            {field.options?.map((option) => (
              <option key={option} value={option}>
                {option.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        ) : field.type === 'checkbox' ? (
          <input {...common} type="checkbox" checked={values[path] === 'true'} onChange={(e) => set(path, e.target.checked ? 'true' : '')} />
        ) : (
          <input
            {...common}
            type={field.type === 'date' ? 'date' : 'text'}
            inputMode={field.type === 'int' ? 'numeric' : field.type === 'decimal' ? 'decimal' : undefined}
            placeholder={field.placeholder}
            value={values[path] ?? ''}
            onChange={(e) => set(path, e.target.value)}
          />
        )}
        {error ? (
          <span className="field-error" id={`${id}-error`} role="alert">
            {error}
          </span>
        ) : null}
      </div>
    );
  };

  return (
    <form
      className="form"
      data-testid={`form-${spec.id}`}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h2>{spec.title}</h2>
      <div className="fields">{spec.fields.map((field) => input(field.path, field))}</div>
      {spec.lines ? (
        <fieldset>
          <legend>{spec.lines.label}</legend>
          {Array.from({ length: lineRows }, (_, row) => (
            <div key={row} className="line-row">
              {spec.lines?.fields.map((field) => input(`lines[${row}].${field.key}`, field, true))}
            </div>
          ))}
          <button type="button" className="secondary" onClick={() => setLineRows((n) => Math.min(n + 1, lineRowsMax))} disabled={lineRows >= lineRowsMax} data-testid="add-line">
            Add a line
          </button>
        </fieldset>
      ) : null}
      {general ? (
        <p className="field-error" role="alert" data-testid="form-error">
          {general}
        </p>
      ) : null}
      {done ? (
        <p className="success" role="status" data-testid="form-done">
          {done}
        </p>
      ) : null}
      <button type="submit" disabled={busy} data-testid="form-submit">
        Record
      </button>
    </form>
  );
}
