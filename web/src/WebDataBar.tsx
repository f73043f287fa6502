import type { WebCampaign } from './api';
import { formatCount, formatMoney, formatMultiple, formatPercent } from './format';
import { countInterval, goalWords, moneyInterval, NO_INTERVAL } from './web';

interface Cell {
  /** The tile's name (data-tile), also its label. */
  label: string;
  value: string;
  /** A second line: a rate, a split, the 95% interval. */
  sub?: string;
  /** The sub line is the 95% interval (data-ci), or says why there is none (data-no-ci). */
  ci?: 'shown' | 'missing';
  title: string;
  negative?: boolean;
}

/** The seed's campaign data bar (docs/web.md): prospects, exposures, engagements and conversions
 * (or goals reached, by the campaign's goal type), then the lift over the control group with
 * its 95% confidence intervals and the incremental ROAS. */
export function WebDataBar({ row, currency }: { row: WebCampaign; currency: string }) {
  const words = goalWords(row.goal_type);
  const lift = row.lift;
  const exposed = row.groups.exposed;
  const interval = (text: string | null): Pick<Cell, 'sub' | 'ci'> =>
    lift === null
      ? { sub: 'no control group' }
      : text === null
      ? { sub: NO_INTERVAL, ci: 'missing' }
      : { sub: `(${text})`, ci: 'shown' };
  const cells: Cell[] = [
    {
      label: 'Prospects',
      value: formatCount(row.prospects),
      sub: `${formatCount(row.prospect_users)} visitor${row.prospect_users === 1 ? '' : 's'}`,
      title: 'visits eligible for the campaign (eligible events)',
    },
    {
      label: 'Exposures',
      value: formatCount(row.exposures),
      sub: `${formatCount(exposed.users)} visitor${exposed.users === 1 ? '' : 's'}`,
      title: 'engagements displayed: invitations, buttons, content (exposure events)',
    },
    {
      label: 'Engagements',
      value: formatCount(row.engagements),
      sub: `chat ${formatCount(row.chat_engagements)} · content ${formatCount(row.content_engagements)}`,
      title: 'interactive chats and clicks on content',
    },
    {
      label: words.plural,
      value: formatCount(row.conversions),
      sub: `${formatPercent(exposed.conversion_rate)} of exposed visitors`,
      title: `${words.lower} by visitors exposed to the campaign, whether they engaged or not`,
    },
    {
      label: words.incremental,
      value: formatCount(lift?.incremental_conversions),
      ...interval(countInterval(lift?.incremental_conversions_ci)),
      title: 'actual converters of the audience - the audience at the control group\'s rate',
      negative: (lift?.incremental_conversions ?? 0) < 0,
    },
    {
      label: 'Incremental revenue',
      value: formatMoney(lift?.incremental_revenue, currency),
      ...(lift?.incremental_revenue === null
        ? { sub: 'the conversion has no value' }
        : interval(moneyInterval(lift?.incremental_revenue_ci, currency))),
      title: "actual revenue of the audience - the audience at the control group's revenue per visitor",
      negative: lift?.incremental_revenue?.startsWith('-') ?? false,
    },
    {
      label: 'Incremental ROAS',
      value: formatMultiple(lift?.incremental_roas),
      sub:
        lift === null
          ? 'no control group'
          : row.cost === null || Number(row.cost) === 0
          ? 'no cost recorded'
          : `on ${formatMoney(row.cost, currency)} of cost`,
      title: 'incremental revenue / the campaign\'s cost',
      negative: (lift?.incremental_roas ?? 0) < 0,
    },
  ];
  return (
    <section class="tiles web-tiles" aria-label="Campaign data bar">
      {cells.map((cell) => (
        <div class={cell.negative ? 'tile negative' : 'tile'} title={cell.title} data-tile={cell.label}>
          <div class="tile-label">{cell.label}</div>
          <div class="tile-value">{cell.value}</div>
          {cell.sub && (
            <div
              class="tile-sub"
              data-ci={cell.ci === 'shown' ? '' : undefined}
              data-no-ci={cell.ci === 'missing' ? '' : undefined}
            >
              {cell.sub}
            </div>
          )}
        </div>
      ))}
    </section>
  );
}
