import type { IncidentDetailView } from '@desk/contracts';
import { Anchor, Button, FileButton, Stack, Text } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { downloadFile } from '../../api/client';
import { uploadFile } from '../../api/upload';
import { formatBytes } from '../../components/FilePicker';
import { useIncidentT } from '../../i18n/useIncidentT';
import { problemMessage } from '../../lib/problem';
import { Section } from './IncidentSection';

/** The evidence files with their SHA-256; the reporter and CSIRT add files until it is closed. */
export function IncidentEvidence({
  incident,
  canAdd,
  onError,
}: {
  incident: IncidentDetailView;
  canAdd: boolean;
  onError: (message: string) => void;
}) {
  const { ti, t } = useIncidentT();
  const qc = useQueryClient();
  async function upload(file: File | null) {
    if (!file) return;
    try {
      await uploadFile(`/incidents/${incident.id}/evidence`, file);
      // The incident (its evidence list) and its timeline.
      void qc.invalidateQueries({ queryKey: ['incident', incident.id] });
    } catch (e) {
      onError(problemMessage(e, t));
    }
  }
  return (
    <Section title={ti('evidenceFiles')} testId="evidence">
      {incident.evidence.length === 0 && (
        <Text size="sm" c="dimmed">
          {ti('noEvidence')}
        </Text>
      )}
      <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {incident.evidence.map((e) => (
          <li key={e.id}>
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => void downloadFile(`/incidents/${incident.id}/evidence/${e.id}`, e.fileName)}
            >
              {e.fileName}
            </Anchor>
            <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
              {formatBytes(e.sizeBytes)} · SHA-256 {e.sha256}
            </Text>
          </li>
        ))}
      </Stack>
      {canAdd && (
        <FileButton onChange={(f) => void upload(f)}>
          {(props) => (
            <Button {...props} variant="light" leftSection={<IconUpload size={16} aria-hidden />}>
              {ti('addEvidence')}
            </Button>
          )}
        </FileButton>
      )}
    </Section>
  );
}
