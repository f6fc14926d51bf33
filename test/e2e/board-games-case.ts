import type { DatasetCase } from './app-flow.ts';

/**
 * The phone journey on the board-games fixture (test/fixtures/board-games): five games rated on its 1-10 scale.
 * Shared by the builds that ship it in ratings mode and forced into model mode.
 */
export function boardGamesCase(url: string): DatasetCase {
  return {
    url,
    noun: 'game',
    scaleMax: 10,
    scaleMin: 1,
    step: 1,
    toRate: [
      { query: 'catan', title: 'Catan (1995)', value: 8 },
      { query: 'pandemic', title: 'Pandemic (2008)', value: 10 },
      { query: 'azul', title: 'Azul (2017)', value: 3 },
      { query: 'wingspan', title: 'Wingspan (2019)', value: 9 },
      { query: 'chess', title: 'Шахматы (1475)', value: 1 },
    ],
    plainQuery: { query: 'cafe', title: 'Café International (1989)' },
    predicted: /Predicted (\d+(?:\.\d)?)\/10/,
  };
}
