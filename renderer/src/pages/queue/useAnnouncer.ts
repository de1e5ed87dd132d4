import { useEffect, useState } from 'react';
import { on } from '../../api/client';
import { speak } from './speech';

/** Speaks every call to this counter (pushed as `queue.called`) and keeps the last sentence for the live region. */
export function useAnnouncer(): { spoken: string; shown: string } {
  const [last, setLast] = useState({ spoken: '', shown: '' });
  useEffect(
    () =>
      on('queue.called', (c) => {
        setLast({ spoken: c.announcement, shown: c.text });
        void speak(c.announcement);
      }),
    [],
  );
  return last;
}
