import type { Options } from './api';
import { type Filters, LIST_FILTERS, type ListFilter, PRESETS, type Preset } from './filters';

const LIST_LABELS: Record<ListFilter, string> = {
  label: 'Campaign labels',
  channel: 'Channels',
  created_by: 'Created by',
  status: 'Status',
  delivery_type: 'Delivery type',
};

const OPTION_KEYS: Record<ListFilter, keyof Options> = {
  label: 'labels',
  channel: 'channels',
  created_by: 'created_by',
  status: 'statuses',
  delivery_type: 'delivery_types',
};

function humanize(value: string): string {
  return value.replace(/_/g, ' ');
}

/** Every filter of the seed: conversion event, period, labels, channels, created by, status,
 * delivery type, plus the attribution model (not in the Models view, which shows them all).
 * Values of one filter are OR-ed. */
export function FilterPanel({
  options,
  filters,
  onChange,
}: {
  options: Options;
  filters: Filters;
  onChange: (filters: Filters) => void;
}) {
  const set = (patch: Partial<Filters>) => onChange({ ...filters, ...patch });
  const toggle = (name: ListFilter, value: string) => {
    const values = filters[name];
    set({ [name]: values.includes(value) ? values.filter((item) => item !== value) : [...values, value] });
  };
  const active = LIST_FILTERS.reduce((count, name) => count + filters[name].length, 0);

  return (
    <aside class="filters" aria-label="Filters">
      <label>
        Conversion event
        <select
          name="conversion"
          value={filters.conversion || options.conversions[0]?.name || ''}
          onChange={(event) => set({ conversion: (event.target as HTMLSelectElement).value })}
        >
          {options.conversions.map((conversion) => (
            <option value={conversion.name}>{conversion.name}</option>
          ))}
        </select>
      </label>
      <label>
        Attribution model
        <select
          name="model"
          value={filters.model}
          disabled={filters.view === 'models'}
          title={filters.view === 'models' ? 'The Models view compares every model' : undefined}
          onChange={(event) => set({ model: (event.target as HTMLSelectElement).value })}
        >
          <option value="">As configured</option>
          {options.models.map((model) => (
            <option value={model}>{humanize(model)}</option>
          ))}
        </select>
      </label>
      <label>
        Time period
        <select
          name="preset"
          value={filters.preset}
          onChange={(event) => set({ preset: (event.target as HTMLSelectElement).value as Preset })}
        >
          {PRESETS.map((preset) => (
            <option value={preset.value}>{preset.label}</option>
          ))}
        </select>
      </label>
      {filters.preset === 'custom' && (
        <div class="range">
          <label>
            From
            <input
              type="date"
              name="from"
              value={filters.from}
              onChange={(event) => set({ from: (event.target as HTMLInputElement).value })}
            />
          </label>
          <label>
            To (exclusive)
            <input
              type="date"
              name="to"
              value={filters.to}
              onChange={(event) => set({ to: (event.target as HTMLInputElement).value })}
            />
          </label>
        </div>
      )}
      {LIST_FILTERS.map((name) => {
        const values = options[OPTION_KEYS[name]] as string[];
        if (values.length === 0) return null;
        return (
          <fieldset>
            <legend>{LIST_LABELS[name]}</legend>
            {values.map((value) => (
              <label class="check">
                <input
                  type="checkbox"
                  name={name}
                  value={value}
                  checked={filters[name].includes(value)}
                  onChange={() => toggle(name, value)}
                />
                {humanize(value)}
              </label>
            ))}
          </fieldset>
        );
      })}
      {active > 0 && (
        <button
          type="button"
          class="link"
          onClick={() => set({ label: [], channel: [], created_by: [], status: [], delivery_type: [] })}
        >
          Clear {active} campaign filter{active > 1 ? 's' : ''}
        </button>
      )}
    </aside>
  );
}
