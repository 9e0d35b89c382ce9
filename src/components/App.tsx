export function App() {
  return <h1>Delivery Lab</h1>;
}
