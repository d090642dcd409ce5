// The NGOs of the demo: the fund's grantee organisations named in its
// documents (../shared/design/DOMAIN.md), with plausible projects. A few are
// ineligible, each for a different reason, as real calls have.
import type { FormOfExploitation } from '../shared/domain/vocabulary.ts';

export interface DemoNgo {
  name: string;
  country: string;
  focus: FormOfExploitation[];
  requestedUsd: number;
  /** Why this one is not eligible, if it is not (the demo changes the application accordingly). */
  ineligible?: 'over-cap' | 'government' | 'too-long' | 'operational-share';
  context?: 'armed-conflict' | 'refugee-flows';
}

export const NGOS: DemoNgo[] = [
  { name: 'Covenant House', country: 'CA', focus: ['sexual-exploitation'], requestedUsd: 55_000 },
  { name: 'Fundación Esperanza', country: 'EC', focus: ['sexual-exploitation', 'forced-labour'], requestedUsd: 48_000, context: 'refugee-flows' },
  { name: 'El Refugio de la Niñez', country: 'GT', focus: ['sexual-exploitation', 'forced-begging'], requestedUsd: 60_000, context: 'refugee-flows' },
  { name: 'Justicia Para Nuestras Hijas', country: 'MX', focus: ['sexual-exploitation'], requestedUsd: 42_000 },
  { name: 'Casa Alianza', country: 'NI', focus: ['sexual-exploitation', 'forced-labour'], requestedUsd: 50_000 },
  { name: 'Different and Equal', country: 'AL', focus: ['sexual-exploitation', 'forced-labour'], requestedUsd: 60_000, context: 'refugee-flows' },
  { name: "Missing Persons' Families Support Centre", country: 'LT', focus: ['forced-labour', 'forced-criminality'], requestedUsd: 38_000 },
  { name: 'Jesuit Refugee Service', country: 'MT', focus: ['forced-labour', 'sexual-exploitation'], requestedUsd: 57_000, context: 'refugee-flows' },
  { name: 'Atina', country: 'RS', focus: ['sexual-exploitation', 'forced-marriage'], requestedUsd: 45_000, context: 'refugee-flows' },
  { name: 'ADPARE', country: 'RO', focus: ['sexual-exploitation', 'forced-begging'], requestedUsd: 40_000 },
  { name: 'ASTRA', country: 'RS', focus: ['forced-labour'], requestedUsd: 70_000, ineligible: 'over-cap' },
  { name: 'Open Gate', country: 'MK', focus: ['sexual-exploitation'], requestedUsd: 36_000, context: 'refugee-flows' },
  { name: 'Civic Assistance Committee', country: 'RU', focus: ['forced-labour'], requestedUsd: 44_000, context: 'refugee-flows' },
  { name: 'Dhaka Ahsania Mission', country: 'BD', focus: ['forced-labour', 'domestic-servitude'], requestedUsd: 52_000 },
  { name: 'Bachpan Bachao Andolan', country: 'IN', focus: ['forced-labour', 'forced-begging'], requestedUsd: 58_000 },
  { name: 'FOCUS', country: 'TH', focus: ['forced-labour'], requestedUsd: 46_000, ineligible: 'too-long' },
  { name: 'Raksha Nepal', country: 'NP', focus: ['sexual-exploitation'], requestedUsd: 39_000 },
  { name: 'Istiqbolli Avlod', country: 'UZ', focus: ['forced-labour', 'sexual-exploitation'], requestedUsd: 41_000 },
  { name: "Blue Dragon Children's Foundation", country: 'VN', focus: ['sexual-exploitation', 'forced-labour'], requestedUsd: 54_000 },
  { name: 'Coalition for Organ-Failure Solutions', country: 'EG', focus: ['organ-removal'], requestedUsd: 35_000, context: 'refugee-flows' },
  { name: 'Agar Ethiopia', country: 'ET', focus: ['domestic-servitude', 'forced-labour'], requestedUsd: 49_000, ineligible: 'operational-share' },
  { name: "ONG Cavoequiva", country: 'CI', focus: ['forced-labour'], requestedUsd: 37_000, context: 'armed-conflict' },
  { name: 'WOTCLEF', country: 'NG', focus: ['sexual-exploitation', 'forced-labour'], requestedUsd: 53_000, context: 'armed-conflict' },
  { name: 'Samu Social Sénégal', country: 'SN', focus: ['forced-begging'], requestedUsd: 43_000 },
  { name: 'IDPR', country: 'BI', focus: ['forced-labour', 'sexual-exploitation'], requestedUsd: 47_000, context: 'armed-conflict', ineligible: 'government' },
];
