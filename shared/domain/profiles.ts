// From stored applications and reviewers to the assignment's profiles.
import type { ApplicationInput, ReviewerInput } from '../api/schemas.ts';
import type { ApplicationProfile, ReviewerProfile } from './assignment.ts';
import { regionalGroup, type UnRegionalGroup } from './countries.ts';

export const organisationKeyOf = (country: string, registrationNumber: string): string =>
  `${country}#${registrationNumber.toUpperCase().replace(/[^\p{L}\p{N}]/gu, '')}`;

export function applicationProfile(applicationId: string, input: ApplicationInput): ApplicationProfile {
  const { organisation, project } = input;
  return {
    applicationId,
    organisationKey: organisationKeyOf(organisation.registrationCountry, organisation.registrationNumber),
    registrationCountry: organisation.registrationCountry,
    countries: project.countries,
    language: input.language,
    regions: [...new Set(project.countries.map(regionalGroup).filter((g): g is UnRegionalGroup => g !== null))],
    actionLines: project.actionLines,
  };
}

export function reviewerProfile(reviewerId: string, input: ReviewerInput, load: number): ReviewerProfile {
  return {
    reviewerId,
    languages: input.languages,
    regions: input.regions,
    expertise: input.expertise,
    country: input.country,
    conflictOrganisations: input.conflicts.organisations.map((o) => organisationKeyOf(o.registrationCountry, o.registrationNumber)),
    conflictCountries: input.conflicts.countries,
    maxLoad: input.maxLoad,
    currentLoad: load,
  };
}

/** Whether someone who declared these organisations (trustees, by registration) has a conflict with this one. */
export const declaresConflictWith = (
  declared: readonly { registrationCountry: string; registrationNumber: string }[],
  organisation: { registrationCountry: string; registrationNumber: string },
): boolean => {
  const key = organisationKeyOf(organisation.registrationCountry, organisation.registrationNumber);
  return declared.some((o) => organisationKeyOf(o.registrationCountry, o.registrationNumber) === key);
};
