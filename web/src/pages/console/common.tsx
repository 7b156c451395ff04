/** Shared bits of the authority console: bilingual labels, job progress, error lines. */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { lang } from '../../prefs';

/** The console's own words, zh-CN first. */
export const w = (zh: string, en: string) => (lang.value === 'en' ? en : zh);

export interface Job {
  id: string;
  kind: string;
  status: 'running' | 'done' | 'failed';
  total: number;
  done: number;
  errors: { line: number; field: string; code: string; message: string }[];
}

export const errorText = (error: unknown) => (error instanceof ApiError ? error.message : w('网络连接失败', 'Network error'));

/** Follows a job until it finishes, showing progress and, for imports, every bad row. */
export function JobProgress({ job: initial, onDone }: { job: Job; onDone?: (job: Job) => void }) {
  const [job, setJob] = useState(initial);
  useEffect(() => {
    setJob(initial);
    if (initial.status !== 'running') return onDone?.(initial);
    const timer = setInterval(async () => {
      const fresh = await api<Job>('GET', `/authority/jobs/${initial.id}`).catch(() => null);
      if (!fresh) return;
      setJob(fresh);
      if (fresh.status !== 'running') {
        clearInterval(timer);
        onDone?.(fresh);
      }
    }, 400);
    return () => clearInterval(timer);
  }, [initial.id]);
  const percent = job.total === 0 ? 100 : Math.round((job.done / job.total) * 100);
  return (
    <div class="job" data-testid="job" data-status={job.status}>
      <progress max={100} value={job.status === 'running' ? percent : 100} />
      <span>
        {job.status === 'running' ? w('处理中', 'Working') : job.status === 'done' ? w('已完成', 'Done') : w('未完成，未写入任何数据', 'Failed, nothing written')} · {job.done}/{job.total}
      </span>
      {job.errors.length > 0 && (
        <table class="table" data-testid="job-errors">
          <thead>
            <tr>
              <th>{w('行号', 'Line')}</th>
              <th>{w('列', 'Column')}</th>
              <th>{w('问题', 'Problem')}</th>
            </tr>
          </thead>
          <tbody>
            {job.errors.map((e) => (
              <tr>
                <td>{e.line}</td>
                <td>{e.field}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

