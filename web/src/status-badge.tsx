/** Colour is never the only signal: every status is shown as colour, icon and words together. */
import type { StatusView } from './api';

export const STATUS_ICONS: Record<StatusView['status'], string> = { green: '✔', yellow: '!', red: '✖', pending: '…' };

export function StatusBanner({ status }: { status: StatusView }) {
  return (
    <div class={`status-banner status-${status.status}`} role="status" data-status={status.status}>
      <span class="status-icon" aria-hidden="true">
        {STATUS_ICONS[status.status]}
      </span>
      <span class="status-label">{status.label}</span>
    </div>
  );
}

export function HealthInfo({ status }: { status: StatusView }) {
  const clear = status.status === 'green';
  return (
    <section class="card health-info" aria-labelledby="health-info-title" data-testid="health-info">
      <h2 id="health-info-title" class={clear ? 'headline-clear' : 'headline-prompts'}>
        {status.headline}
      </h2>
      {status.reasons.length > 0 && (
        <ol class="reasons">
          {status.reasons.map((reason) => (
            <li class={`reason reason-${reason.status}`}>
              <strong>{reason.text}</strong>
              <span class="reason-clears">{reason.clears}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
