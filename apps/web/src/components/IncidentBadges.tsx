import type { IncidentPhaseName, IncidentSeverityName, TlpName } from '@desk/contracts';
import { Badge, type MantineColor } from '@mantine/core';
import { useIncidentT } from '../i18n/useIncidentT';

// TLP 2.0 colours (FIRST): text says the level too, so colour is never the only signal.
const TLP_COLOR: Record<TlpName, { bg: string; fg: string }> = {
  clear: { bg: '#ffffff', fg: '#000000' },
  green: { bg: '#33ff00', fg: '#000000' },
  amber: { bg: '#ffc000', fg: '#000000' },
  'amber+strict': { bg: '#ffc000', fg: '#000000' },
  red: { bg: '#ff2b2b', fg: '#000000' },
};

/** The TLP marking, as FIRST prints it: black background, the level in its colour. */
export function TlpBadge({ tlp, size = 'md' }: { tlp: TlpName; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge
      size={size}
      radius="sm"
      variant="filled"
      data-testid="tlp-badge"
      styles={{
        root: { background: '#000000', color: TLP_COLOR[tlp].bg, border: '1px solid #000', flexShrink: 0 },
      }}
    >
      {`TLP:${tlp.toUpperCase()}`}
    </Badge>
  );
}

const SEVERITY_COLOR: Record<IncidentSeverityName, MantineColor> = {
  critical: 'red.9',
  high: 'orange.4',
  medium: 'yellow.3',
  low: 'gray.3',
};

export function SeverityBadge({ severity }: { severity: IncidentSeverityName }) {
  const { ti } = useIncidentT();
  return (
    <Badge color={SEVERITY_COLOR[severity]} autoContrast variant="filled" style={{ flexShrink: 0 }}>
      {ti(`severities.${severity}`)}
    </Badge>
  );
}

export function PhaseBadge({ phase }: { phase: IncidentPhaseName }) {
  const { ti } = useIncidentT();
  return (
    <Badge
      color={phase === 'closed' ? 'gray.7' : 'desk.7'}
      autoContrast
      variant="filled"
      style={{ flexShrink: 0 }}
    >
      {ti(`phases.${phase}`)}
    </Badge>
  );
}
