import { useState } from 'react';
import { ApiProblem, upload } from '../api';
import { useSession } from '../session';

/**
 * Files in and out: the coordinating cell checks a dataset (a dry run that writes nothing),
 * reads what would be created, merged and skipped, then imports it; auditors and the cell
 * download the ledger in the formats of the field.
 */

const formats = [
  { id: 'kiel', label: 'Kiel tracker (CSV)', accept: '.csv' },
  { id: 'iati', label: 'IATI 2.03 (XML)', accept: '.xml' },
  { id: 'ocds', label: 'OCDS (JSON)', accept: '.json' },
  { id: 'fts', label: 'OCHA FTS (CSV, JSON)', accept: '.csv,.json' },
  { id: 'nato', label: 'NATO spending (CSV)', accept: '.csv' },
  { id: 'fx', label: 'ECB rates (CSV)', accept: '.csv' },
  { id: 'csv', label: 'Commands (CSV)', accept: '.csv' },
  { id: 'json', label: 'Commands (JSON)', accept: '.json,.jsonl' },
] as const;

const tables = ['party', 'requirement', 'package', 'package_line', 'contribution', 'account', 'contract', 'contract_line', 'shipment', 'receipt', 'defence_spending', 'defence_share', 'fx_rate', 'transfer', 'milestone', 'stage_change', 'provenance'];

interface ImportSummary {
  readonly format: string;
  readonly created: number;
  readonly alreadyInLedger: number;
  readonly merged: Readonly<Record<string, number>>;
  readonly skipped: Readonly<Record<string, number>>;
  readonly dryRun: boolean;
}

const count = (n: number) => n.toLocaleString('en-GB');

export function Data() {
  const { session } = useSession();
  const mayImport = session.role === 'admin' || session.role === 'coordinator';
  const mayExport = mayImport || session.role === 'auditor';
  return (
    <section>
      <h1>Data in and out</h1>
      <p className="lede">
        Datasets of the field go into the ledger in one transaction, all or nothing, each record with where it came from. Importing a file again changes nothing; the same flow
        reported twice is kept once, with both sources.
      </p>
      {mayImport ? <ImportForm /> : <p className="muted">Imports are for admins and the coordinating cell.</p>}
      {mayExport ? <ExportForm /> : <p className="muted">Exports hold every record unredacted: they are for admins, the coordinating cell and auditors.</p>}
    </section>
  );
}

function ImportForm() {
  const [format, setFormat] = useState<string>('kiel');
  const [file, setFile] = useState<File | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportSummary | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const accept = formats.find((candidate) => candidate.id === format)?.accept;

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const query = new URLSearchParams({ name: file.name.replace(/[^A-Za-z0-9._ -]/g, '_').slice(0, 200), ...(dryRun ? { dryRun: 'true' } : {}) });
      setResult(await upload<ImportSummary>(`/api/imports/${format}?${query.toString()}`, file));
    } catch (problem) {
      setError(problem instanceof ApiProblem ? problem.problem.detail : String(problem));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="import">
      <h2>Import a file</h2>
      <form className="form" onSubmit={(event) => event.preventDefault()}>
        <div className="fields">
          <label className="field">
            <span>Format</span>
            <select value={format} onChange={(event) => setFormat(event.target.value)} data-testid="import-format">
              {formats.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>File</span>
            <input type="file" accept={accept} onChange={(event) => setFile(event.target.files?.[0])} data-testid="import-file" />
          </label>
        </div>
        <p>
          <button type="button" disabled={!file || busy} onClick={() => run(true)} data-testid="import-check">
            Check (writes nothing)
          </button>{' '}
          <button type="button" disabled={!file || busy} onClick={() => run(false)} data-testid="import-run">
            Import
          </button>
        </p>
      </form>
      {busy ? <p className="muted">Reading {file?.name}…</p> : null}
      {error ? (
        <p className="field-error" style={{ maxWidth: '60rem' }} role="alert" data-testid="import-error">
          {error}
        </p>
      ) : null}
      {result ? <Summary result={result} /> : null}
    </div>
  );
}

function Summary({ result }: { readonly result: ImportSummary }) {
  const merged = Object.entries(result.merged);
  const skipped = Object.entries(result.skipped);
  return (
    <div className={result.dryRun ? 'notice' : 'success'} style={{ maxWidth: '60rem', marginTop: '0.7rem' }} data-testid="import-summary" role="status">
      <p>
        <strong>
          {count(result.created)} records {result.dryRun ? 'would be created' : 'created'}
        </strong>
        , {count(result.alreadyInLedger)} already in the ledger{result.dryRun ? ' — a check: nothing was written.' : '.'}
      </p>
      {merged.length + skipped.length > 0 ? (
        <ul>
          {merged.map(([reason, n]) => (
            <li key={`m:${reason}`}>
              merged {count(n)}: {reason}
            </li>
          ))}
          {skipped.map(([reason, n]) => (
            <li key={`s:${reason}`}>
              skipped {count(n)}: {reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function ExportForm() {
  const [format, setFormat] = useState<string>('iati');
  const [table, setTable] = useState('contribution');
  const href = `/api/exports/${format}${format === 'csv' ? `?table=${table}` : ''}`;
  return (
    <div data-testid="export">
      <h2>Export the ledger</h2>
      <form className="inline-form" onSubmit={(event) => event.preventDefault()}>
        <label>
          Format{' '}
          <select value={format} onChange={(event) => setFormat(event.target.value)} data-testid="export-format">
            {formats.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.id === 'csv' ? 'one table (CSV)' : candidate.id === 'json' ? 'every table (JSON)' : candidate.label}
              </option>
            ))}
          </select>
        </label>
        {format === 'csv' ? (
          <label>
            Table{' '}
            <select value={table} onChange={(event) => setTable(event.target.value)} data-testid="export-table">
              {tables.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </label>
        ) : null}
        <a href={href} download data-testid="export-download">
          Download
        </a>
      </form>
    </div>
  );
}
