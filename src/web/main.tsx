import '@mantine/core/styles.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { createTheme, MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError, setApiLanguage } from './api.ts';
import { initialLang, LangProvider } from './i18n.ts';
import { App } from './App.tsx';

const theme = createTheme({
  primaryColor: 'blue',
  // Shade 8 keeps white text on primary buttons above the WCAG AA contrast ratio.
  primaryShade: { light: 8, dark: 5 },
  focusRing: 'auto',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Client errors (4xx) will not get better by retrying; network and 5xx errors get two more tries.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
      staleTime: 15_000,
    },
  },
});

setApiLanguage(initialLang());

const container = document.getElementById('root');
if (!container) throw new Error('#root missing from index.html');

createRoot(container).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <LangProvider onChange={setApiLanguage}>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </LangProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
