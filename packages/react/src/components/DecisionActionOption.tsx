'use client';
import type { DecisionAction, DecisionChoice } from '@simstream/protocol';
import { CloudOff, LoaderCircle } from '../lib/icons.js';
import { type ComponentProps, useId } from 'react';
import { formatEffect } from '../lib/format.js';

export interface DecisionActionOptionProps
  extends Omit<ComponentProps<'div'>, 'children' | 'onSelect'> {
  choice: DecisionChoice;
  action: DecisionAction;
  /** Answering is possible (pending or after an error). */
  enabled: boolean;
  /** This option's answer is being sent. */
  submitting: boolean;
  /** This option's answer waits in the outbox until the connection returns. */
  queued?: boolean;
  /** This option is the one that won (after resolution). */
  won: boolean;
  /** Why it won, shown on it: "Your answer", "Default applied", "Chosen by viewer-2". */
  wonLabel?: string;
  onSelect: (choice: DecisionChoice) => void;
}

/**
 * One of a decision's two actions: label (the button), description and projected effects,
 * which the button references with `aria-describedby` so screen readers hear them with it.
 *
 * @example
 * <DecisionActionOption choice="recommended" action={d.recommended_action} enabled
 *   submitting={false} won={false} onSelect={answer} />
 */
export function DecisionActionOption({
  choice,
  action,
  enabled,
  submitting,
  queued = false,
  won,
  wonLabel,
  onSelect,
  className,
  ref,
  ...props
}: DecisionActionOptionProps) {
  const descriptionId = useId();
  const effectsId = useId();
  const effects = Object.entries(action.effects);
  return (
    <div
      data-slot="decision-action"
      data-choice={choice}
      data-won={won ? '' : undefined}
      // A choice in flight (sending or queued) is outlined, so the viewer sees what they
      // picked; the box per choice, won and chosen is the kit's CSS (styles/components.css).
      data-chosen={submitting || queued ? '' : undefined}
      className={className}
      {...props}
      ref={ref}
    >
      <button
        type="button"
        data-slot="decision-action-button"
        // aria-disabled, not disabled: the focused button keeps focus while the answer is sent.
        aria-disabled={!enabled}
        aria-describedby={effects.length > 0 ? `${descriptionId} ${effectsId}` : descriptionId}
        onClick={() => {
          if (enabled) onSelect(choice);
        }}
      >
        <span>
          {action.label}
          {choice === 'recommended' ? (
            <span data-slot="decision-action-badge">Recommended</span>
          ) : null}
        </span>
        {submitting ? (
          <span data-slot="decision-action-status">
            <LoaderCircle aria-hidden="true" className="size-4 animate-spin" />
            Sending
          </span>
        ) : null}
        {queued ? (
          <span data-slot="decision-action-status">
            <CloudOff aria-hidden="true" className="size-4" />
            Queued
          </span>
        ) : null}
      </button>
      {won && wonLabel ? <p data-slot="decision-action-won">{wonLabel}</p> : null}
      <p id={descriptionId} data-slot="decision-action-description">
        {action.description}
      </p>
      {effects.length > 0 ? (
        <ul id={effectsId} aria-label="Projected effects" data-slot="decision-action-effects">
          {effects.map(([name, value]) => (
            <li
              key={name}
              data-slot="decision-action-effect"
              data-sign={value < 0 ? 'negative' : 'positive'}
            >
              {formatEffect(name, value)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
