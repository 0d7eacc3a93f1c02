// Placeholder until the import schema lands: generates nothing.
console.log('gen:validators: nothing to generate yet');
