import './zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
// The UI's own CJK font: a counter PC without one would otherwise show boxes. The full sets (not only
// the common-character subset) so rare characters in applicants' names render too; they are split by
// unicode-range, so the browser loads only the slices of the characters on screen.
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
