// The Web view's words, colours and small computations (docs/web.md): a campaign's goal type
// names what it counts, intervals read "95% CI low to high", a bucket without the campaign's
// events has no row.

import type { WebCampaign, WebFunnelSeries } from './api';
import { DASH, formatCount, formatMoney } from './format';

/** The words of a campaign's goal type (the seed: business goals reached are conversions,
 * assisting ones goals reached); the arithmetic is the same. */
export interface GoalWords {
  /** "Conversions" or "Goals reached". */
  plural: string;
  /** "conversions" or "goals reached", inside a sentence. */
  lower: string;
  /** "Conversion rate" or "Goal reached rate". */
  rate: string;
  /** "Incremental conversions" or "Incremental goals reached". */
  incremental: string;
}

export function goalWords(goalType: string | null): GoalWords {
  return goalType === 'assisting'
    ? { plural: 'Goals reached', lower: 'goals reached', rate: 'Goal reached rate', incremental: 'Incremental goals reached' }
    : { plural: 'Conversions', lower: 'conversions', rate: 'Conversion rate', incremental: 'Incremental conversions' };
}

/** "Business" or "Assisting" (a dash when the catalog gives none). */
export function goalTypeLabel(goalType: string | null): string {
  if (!goalType) return DASH;
  return goalType.charAt(0).toUpperCase() + goalType.slice(1);
}

export function webCampaignName(row: Pick<WebCampaign, 'campaign_id' | 'name'>): string {
  return row.name ?? row.campaign_id;
}

/** The interval of a count: "95% CI 119.9 to 240.1"; null without one. */
export function countInterval(interval: [number, number] | null | undefined): string | null {
  return interval ? `95% CI ${formatCount(interval[0])} to ${formatCount(interval[1])}` : null;
}

/** The interval of an amount: "95% CI $24,784.43 to $38,215.57"; null without one. */
export function moneyInterval(interval: [string, string] | null | undefined, currency: string): string | null {
  return interval ? `95% CI ${formatMoney(interval[0], currency)} to ${formatMoney(interval[1], currency)}` : null;
}

/** Why a lift has no interval: a group with fewer than 2 users. */
export const NO_INTERVAL = 'no 95% interval: a group has fewer than 2 users';

/** The campaign's row in each bucket of the series (null where it had no web event). */
export function campaignPoints(series: WebFunnelSeries, campaignId: string) {
  return series.points.map((point) => ({
    start: point.start,
    row: point.campaigns.find((row) => row.campaign_id === campaignId) ?? null,
  }));
}

export const WEB_COLORS = {
  exposures: '#3b6fd8',
  engagements: '#e0a21a',
  conversions: '#2f9e77',
  chat: '#8e5bd0',
  viewThrough: '#3b6fd8',
  clickThrough: '#2f9e77',
  control: '#7d8796',
  campaign: '#e8710a',
  average: '#a3acb9',
};
