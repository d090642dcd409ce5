// Priority scoring (DOMAIN.md step 4): the call names contexts (armed
// conflict, refugee and migration flows) with points, and optionally the
// countries that imply each context. An application earns a context's points
// once, when it declares the context with a justification or when one of its
// countries of implementation is on that context's list. Every point is
// explained by the rule that gave it.
import type { PriorityContext } from './vocabulary.ts';

export interface PriorityFacts {
  call: { priorityContexts: { context: PriorityContext; points: number; countries?: string[] }[] };
  project: { countries: string[]; contexts: { context: PriorityContext }[] };
}

export interface PriorityRule {
  context: PriorityContext;
  points: number;
  /** Declared by the applicant (with a justification). */
  declared: boolean;
  /** Countries of implementation that imply the context. */
  countries: string[];
  explanation: string;
}

export interface PriorityResult {
  points: number;
  rules: PriorityRule[];
}

export function scorePriority({ call, project }: PriorityFacts): PriorityResult {
  const rules = call.priorityContexts.flatMap((setting): PriorityRule[] => {
    const declared = project.contexts.some((c) => c.context === setting.context);
    const countries = project.countries.filter((code) => setting.countries?.includes(code)).sort();
    if (!declared && countries.length === 0) return [];
    const why = [
      declared ? 'declared by the applicant' : undefined,
      countries.length > 0 ? `implied by implementation in ${countries.join(', ')}` : undefined,
    ]
      .filter(Boolean)
      .join(' and ');
    return [
      {
        context: setting.context,
        points: setting.points,
        declared,
        countries,
        explanation: `${setting.context}: ${setting.points} points, ${why}.`,
      },
    ];
  });
  return { points: rules.reduce((sum, r) => sum + r.points, 0), rules };
}
