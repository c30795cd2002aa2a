import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/** Someone else changed the dossier after this page read it: nothing was written; reload before deciding again. */
export function StaleDialog({ onReload, onClose }: { onReload: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  return (
    <div className="modal-backdrop">
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="stale-title" aria-describedby="stale-text" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <h2 id="stale-title">{t('stale.title')}</h2>
        <p id="stale-text">{t('stale.text')}</p>
        <div className="form-actions">
          <button ref={button} type="button" className="btn btn-primary" onClick={onReload}>
            {t('stale.reload')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </div>
    </div>
  );
}
