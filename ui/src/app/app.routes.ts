import { Routes } from '@angular/router';

export const routes: Routes = [
  {
    path: '',
    title: 'Flowdesk',
    loadComponent: () => import('./features/desk/desk-page').then((m) => m.DeskPage),
  },
  { path: '**', redirectTo: '' },
];
