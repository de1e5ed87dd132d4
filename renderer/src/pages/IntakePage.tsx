import { Pending } from '../components/Pending';

export function IntakePage() {
  return <Pending name="nav.intake" />;
}
