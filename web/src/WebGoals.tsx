import type { WebCampaign } from './api';
import { formatCount } from './format';
import { WEB_COLORS } from './web';

/** The seed's "campaign contribution to goals": how many times the campaign's exposed visitors
 * reached each goal within the window after their exposure, the campaign's own goal (the
 * report's conversion) first and highlighted, then the other conversion definitions, the most
 * reached first. */
export function WebGoals({ row, conversion }: { row: WebCampaign; conversion: string }) {
  const goals = [
    { name: conversion, reached: row.groups.exposed.conversions, users: row.groups.exposed.converters, own: true },
    ...row.other_goals
      .map((goal) => ({ name: goal.conversion, reached: goal.goals_reached, users: goal.users, own: false }))
      .sort((left, right) => right.reached - left.reached || left.name.localeCompare(right.name)),
  ];
  const largest = Math.max(0, ...goals.map((goal) => goal.reached));
  return (
    <section class="card" aria-label="Campaign contribution to goals">
      <div class="chart-tools">
        <h2>Campaign contribution to goals</h2>
      </div>
      <ul class="breakdown web-goals">
        {goals.map((goal) => (
          <li data-goal={goal.name} class={goal.own ? 'own' : undefined}>
            <div class="breakdown-head">
              <span>
                {goal.name}
                {goal.own && <span class="muted"> · the campaign's goal</span>}
              </span>
              <span class="amount" data-count>{formatCount(goal.reached)}</span>
              <span class="muted share" data-users>
                {formatCount(goal.users)} visitor{goal.users === 1 ? '' : 's'}
              </span>
            </div>
            <div class="bar" aria-hidden="true">
              <div
                style={{
                  width: `${largest > 0 ? (goal.reached / largest) * 100 : 0}%`,
                  background: goal.own ? WEB_COLORS.campaign : WEB_COLORS.exposures,
                }}
              />
            </div>
          </li>
        ))}
      </ul>
      <p class="hint">
        {row.other_goals.length === 0
          ? 'No other conversion is defined, so there is no other goal to show. '
          : ''}
        Times each goal was reached by visitors exposed to this campaign, within the window after their exposure: the
        other goals are its side effects.
      </p>
    </section>
  );
}
